package dev.streamgate.handlers.internal;

import dev.streamgate.store.internal.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * {@code PostToConnection} of the {@code @connections} API as one SigV4-signed {@code POST
 * {endpoint}/@connections/{connectionId}} on a plain {@link HttpURLConnection} with {@link SigV4}, instead of the
 * generated {@code ApiGatewayManagementApiClient}: the generated client's request pipeline (endpoint rules,
 * interceptors, marshallers, retry strategy, error unmarshalling) was about 600 classes and a third of a handler's cold
 * start, and the SDK's HTTP client and signer another ~250 classes, for one call whose request and answers are this
 * simple. (The core, which also deletes and reads connections, keeps the generated client.)
 *
 * <p>Same wire request as the generated client: the connection id percent-encoded as one path segment, the payload
 * as the body ({@code Content-Length}, buffered by the JDK and written right behind the headers: no streaming mode,
 * so no Nagle wait, see the store's {@code BufferedUrlConnections}), signed for {@code execute-api}. Same behaviour:
 * two attempts, the second only after an I/O failure, 429 or 5xx, with a jittered pause, never past the call timeout.
 * Failures are {@link ConnectionsCallException}s typed by the status API Gateway answered. Thread-safe.
 */
public final class ConnectionsClient implements AutoCloseable {

    private static final int MAX_ATTEMPTS = 2;
    private static final long BACKOFF_MILLIS = 25;
    private static final long THROTTLE_BACKOFF_MILLIS = 100;
    private static final String SIGNING_NAME = "execute-api";

    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Duration callTimeout;
    private final int connectTimeoutMillis;
    private final int socketTimeoutMillis;

    /**
     * A client signing for this region with these credentials (resolved per call: providers cache and refresh).
     *
     * @param connectTimeout TCP connect timeout
     * @param socketTimeout read timeout of one attempt
     * @param callTimeout no second attempt starts after this much time since the call began
     */
    public ConnectionsClient(String region, AwsCredentialsProvider credentials, Duration connectTimeout, Duration socketTimeout,
            Duration callTimeout) {
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.socketTimeoutMillis = (int) socketTimeout.toMillis();
    }

    /** The request path of a connection under an endpoint ({@code /{stage}/@connections/{percent-encoded id}}). */
    static String path(URI endpoint, String connectionId) {
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        // one path segment, encoded as the generated client encodes it (ids are base64: '=', '+', '/' get encoded)
        return base + "/@connections/" + SdkHttpUtils.urlEncode(connectionId);
    }

    /**
     * Sends {@code payload} to the connection.
     *
     * @param endpoint the management endpoint, stage included ({@code https://{domain}/{stage}})
     * @throws ConnectionsCallException API Gateway refused the post (typed by status), or did not answer
     */
    public void post(URI endpoint, String connectionId, byte[] payload) {
        Objects.requireNonNull(connectionId, "connectionId");
        long deadline = System.nanoTime() + callTimeout.toNanos();
        ConnectionsCallException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (last != null) {
                boolean throttled = last.failure() == ConnectionsCallException.Failure.THROTTLED;
                long pause = ThreadLocalRandom.current().nextLong((throttled ? THROTTLE_BACKOFF_MILLIS : BACKOFF_MILLIS) + 1);
                if (System.nanoTime() + pause * 1_000_000 >= deadline) {
                    break;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                attempt(endpoint, connectionId, payload);
                return;
            } catch (ConnectionsCallException e) {
                if (!e.failure().retryable()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private void attempt(URI endpoint, String connectionId, byte[] payload) {
        String path = path(endpoint, connectionId);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || port == ("https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80);
        String host = endpoint.getHost() + (defaultPort ? "" : ":" + port);
        Map<String, String> signed;
        try {
            AwsCredentials identity = credentials.resolveCredentials();
            signed = SigV4.sign("POST", host, path, Map.of("Content-Length", Integer.toString(payload.length)), payload, identity,
                    region, SIGNING_NAME, Instant.now());
        } catch (RuntimeException e) {
            throw new ConnectionsCallException(ConnectionsCallException.Failure.CREDENTIALS, 0,
                    "no AWS credentials to sign the post with: " + e.getClass().getSimpleName(), e);
        }
        int status;
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path).toURL()
                    .openConnection();
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(socketTimeoutMillis);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            signed.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(payload);
            }
            status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (body != null) {
                try (body) {
                    // read to the end so that the connection goes back to the keep-alive cache
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw new ConnectionsCallException(ConnectionsCallException.Failure.UNREACHABLE, 0,
                    "@connections did not answer: " + e.getClass().getSimpleName(), e);
        }
        if (status / 100 != 2) {
            ConnectionsCallException.Failure failure = ConnectionsCallException.Failure.of(status);
            throw new ConnectionsCallException(failure, status, "@connections answered HTTP " + status, null);
        }
    }

    /** Nothing to release: connections are the JDK's keep-alive cache. */
    @Override
    public void close() {
        // nothing held
    }
}
