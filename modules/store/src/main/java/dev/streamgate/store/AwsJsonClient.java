package dev.streamgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.store.internal.JsonBodies;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A small client for AWS services that speak the JSON protocol ({@code x-amz-json-1.0/1.1}: one signed
 * {@code POST /} per operation, named by {@code X-Amz-Target}), over the SDK's own {@link SdkHttpClient}
 * (URL-connection) and SigV4 signer, instead of a generated SDK client. {@link DynamoDb} is the DynamoDB one; the
 * handlers read Secrets Manager with it too.
 *
 * <p>Why: a generated client is megabytes of model, marshaller and endpoint-rule classes in the Lambda jar and a large
 * share of its cold start, while we call a handful of operations whose requests we already write by hand. Requests
 * and responses are Jackson trees in the service's wire form.
 *
 * <p>Retries: a throttling error, a 5xx or an I/O failure is retried with capped exponential backoff and full jitter,
 * up to {@link Settings#maxAttempts()} attempts inside {@link Settings#callTimeout()}. Every other error is thrown at
 * once as an {@link AwsJsonException} carrying the service's error type. Thread-safe.
 */
public final class AwsJsonClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonClient.class);

    private static final long BACKOFF_BASE_MILLIS = 25;
    private static final long THROTTLE_BACKOFF_BASE_MILLIS = 100;
    private static final long BACKOFF_CAP_MILLIS = 1_000;

    /**
     * Timeouts and attempts of one client.
     *
     * @param connectTimeout TCP connect timeout
     * @param socketTimeout socket read timeout (bounds one attempt)
     * @param callTimeout no new attempt starts after this much time since the call began
     * @param maxAttempts attempts per call, the first included
     */
    public record Settings(Duration connectTimeout, Duration socketTimeout, Duration callTimeout, int maxAttempts) {

        /** Validates the fields. */
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(socketTimeout, "socketTimeout");
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
        }
    }

    private final URI endpoint;
    private final String region;
    private final String signingName;
    private final String targetPrefix;
    private final String contentType;
    private final AwsCredentialsProvider credentials;
    private final Settings settings;
    // built with the first call (see http()): a Lambda cold start whose event calls no AWS service skips their set-up
    private volatile SdkHttpClient http;
    private volatile AwsV4HttpSigner signer;

    /**
     * A client for one service.
     *
     * @param endpoint the service endpoint, e.g. {@code https://dynamodb.eu-west-1.amazonaws.com}
     * @param region region name; also the signing region
     * @param signingName SigV4 service name, e.g. {@code dynamodb}, {@code secretsmanager}
     * @param targetPrefix {@code X-Amz-Target} prefix, e.g. {@code DynamoDB_20120810.}, {@code secretsmanager.}
     * @param jsonVersion {@code 1.0} (DynamoDB) or {@code 1.1} (Secrets Manager)
     * @param credentials where credentials come from (resolved on every call: providers cache and refresh)
     * @param settings timeouts and attempts
     */
    public AwsJsonClient(URI endpoint, String region, String signingName, String targetPrefix, String jsonVersion,
            AwsCredentialsProvider credentials, Settings settings) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.targetPrefix = Objects.requireNonNull(targetPrefix, "targetPrefix");
        this.contentType = "application/x-amz-json-" + Objects.requireNonNull(jsonVersion, "jsonVersion");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The public endpoint of a service in a region ({@code .amazonaws.com.cn} for the China regions). */
    public static URI publicEndpoint(String service, String region) {
        String suffix = region.toLowerCase(Locale.ROOT).startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://" + service + "." + region + "." + suffix);
    }

    /** A new empty JSON object, for requests and attribute values. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The endpoint calls go to. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Runs one operation and returns its JSON response (an empty object for an empty body).
     *
     * @param operation e.g. {@code PutItem}
     * @param request the request body in DynamoDB's JSON form
     * @throws AwsJsonException DynamoDB answered with an error, or could not be reached, after the retries
     */
    public ObjectNode call(String operation, ObjectNode request) {
        byte[] body;
        try {
            body = JsonBodies.write(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("request for " + operation + " is not serializable", e);
        }
        long start = System.nanoTime();
        long deadline = start + settings.callTimeout().toNanos();
        AwsJsonException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                long sleep = backoffMillis(attempt - 1, last.isThrottling());
                if (System.nanoTime() + sleep * 1_000_000 >= deadline) {
                    break;
                }
                if (!sleepQuietly(sleep)) {
                    break;
                }
            }
            try {
                return attempt(operation, body);
            } catch (AwsJsonException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                LOG.debug("{} attempt {} failed: {}", operation, attempt, e.errorType());
                last = e;
            }
        }
        throw last;
    }

    private ObjectNode attempt(String operation, byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", targetPrefix + operation)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        ContentStreamProvider payload = ContentStreamProvider.fromByteArrayUnsafe(body);
        SignedRequest signed;
        try {
            signed = signer().sign(r -> r.identity(credentials.resolveCredentials())
                    .request(unsigned)
                    .payload(payload)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        } catch (RuntimeException e) {
            throw new AwsJsonException("CredentialsUnavailable", 0, "no AWS credentials to sign " + operation + " with: "
                    + e.getMessage(), false, e);
        }
        int status;
        byte[] response;
        try {
            HttpExecuteResponse executed = http().prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(payload))
                    .build()).call();
            status = executed.httpResponse().statusCode();
            if (executed.responseBody().isPresent()) {
                try (InputStream in = executed.responseBody().get()) {
                    response = in.readAllBytes();
                }
            } else {
                response = new byte[0];
            }
        } catch (IOException | RuntimeException e) {
            throw new AwsJsonException("IOException", 0, operation + " did not get an answer from " + endpoint + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), true, e);
        }
        ObjectNode json = parse(response, status, operation);
        if (status / 100 == 2) {
            return json;
        }
        String type = errorType(json);
        String message = json.path("message").asText(json.path("Message").asText(""));
        boolean retryable = status >= 500 || AwsJsonException.isThrottling(type);
        throw new AwsJsonException(type, status, operation + " failed with HTTP " + status + " " + type
                + (message.isEmpty() ? "" : ": " + message), retryable, null);
    }

    private static ObjectNode parse(byte[] response, int status, String operation) {
        if (response.length == 0) {
            return object();
        }
        try {
            JsonNode node = JsonBodies.read(response);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // fall through: a proxy's HTML page, a truncated body
        }
        if (status / 100 == 2) {
            throw new AwsJsonException("MalformedResponse", status, operation + " answered HTTP " + status
                    + " with a body that is not a JSON object", false, null);
        }
        return object();
    }

    /** {@code com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException} becomes the part after {@code #}. */
    private static String errorType(JsonNode json) {
        String type = json.path("__type").asText("");
        int hash = type.lastIndexOf('#');
        type = hash >= 0 ? type.substring(hash + 1) : type;
        return type.isEmpty() ? "UnknownError" : type;
    }

    private static long backoffMillis(int retry, boolean throttled) {
        long base = throttled ? THROTTLE_BACKOFF_BASE_MILLIS : BACKOFF_BASE_MILLIS;
        long cap = Math.min(BACKOFF_CAP_MILLIS, base << Math.min(retry - 1, 10));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private static boolean sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The HTTP client, built on first use (the SDK's URL-connection client set-up is ~100 classes). */
    private SdkHttpClient http() {
        SdkHttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = BufferedUrlConnections.create(settings.connectTimeout(), settings.socketTimeout());
                    http = client;
                }
            }
        }
        return client;
    }

    private AwsV4HttpSigner signer() {
        AwsV4HttpSigner current = signer;
        if (current == null) {
            current = AwsV4HttpSigner.create();
            signer = current;
        }
        return current;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (http != null) {
                http.close();
                http = null;
            }
        }
    }
}
