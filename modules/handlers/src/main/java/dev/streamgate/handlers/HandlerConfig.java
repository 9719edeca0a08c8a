package dev.streamgate.handlers;

import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import dev.streamgate.protocol.Limits;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.TableDefinitions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Everything the four handlers are configured with, read from the Lambda environment in one place
 * ({@link #fromEnvironment(Map)}); every value has a default that works with the local stack.
 *
 * @param jwt how the authorizer verifies tokens ({@code SG_JWT_*}, read by the auth module)
 * @param signing the shared secret for internal calls ({@code SG_INTERNAL_SECRET})
 * @param limits protocol limits ({@code SG_MAX_MESSAGE_TEXT_BYTES})
 * @param tables table names ({@code SG_CONNECTIONS_TABLE}, {@code SG_STREAMS_TABLE})
 * @param dynamoDbEndpoint DynamoDB endpoint override ({@code SG_DYNAMODB_ENDPOINT}), or null for AWS
 * @param region AWS region ({@code AWS_REGION}, set by Lambda)
 * @param credentials AWS credentials for DynamoDB and {@code @connections}
 * @param coreUrl base URL of the core's internal API for new chats ({@code SG_CORE_URL})
 * @param coreTimeout connect and read timeout of calls to the core ({@code SG_CORE_TIMEOUT_MS})
 * @param managementEndpoint {@code @connections} endpoint override ({@code SG_MANAGEMENT_ENDPOINT}), or null to derive it
 *                           from the event's domain name and stage
 * @param maxConnectionsPerUser open connections a user may have at once ({@code SG_MAX_CONNECTIONS_PER_USER})
 */
public record HandlerConfig(JwtConfig jwt, SigningConfig signing, Limits limits, TableDefinitions tables, URI dynamoDbEndpoint,
                            String region, AwsCredentialsProvider credentials, URI coreUrl, Duration coreTimeout,
                            URI managementEndpoint, int maxConnectionsPerUser) {

    /** Default {@code SG_CORE_URL}: the core on this machine. */
    public static final String DEFAULT_CORE_URL = "http://127.0.0.1:8080";
    /** Default {@code SG_CORE_TIMEOUT_MS}: well inside API Gateway's 29 s, short enough to answer the client quickly. */
    public static final int DEFAULT_CORE_TIMEOUT_MS = 2_000;
    /** Default {@code SG_MAX_CONNECTIONS_PER_USER}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 5;
    /** Default region when {@code AWS_REGION} is unset (local runs). */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Validates the fields; the two endpoint overrides may be null. */
    public HandlerConfig {
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(coreUrl, "coreUrl");
        Objects.requireNonNull(coreTimeout, "coreTimeout");
        if (maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("SG_MAX_CONNECTIONS_PER_USER must be at least 1, was " + maxConnectionsPerUser);
        }
    }

    /** The configuration from the process environment (what the no-argument handler constructors use). */
    public static HandlerConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The configuration from an environment map.
     *
     * <p>Credentials: with an endpoint override and no {@code AWS_ACCESS_KEY_ID} (the local stack), fixed dummy
     * credentials, since emulators accept any signature; otherwise the SDK's default chain, which finds the Lambda's
     * environment variables first and, after a SnapStart restore, the container credentials endpoint.
     */
    public static HandlerConfig fromEnvironment(Map<String, String> env) {
        URI dynamo = optionalUri(env, "SG_DYNAMODB_ENDPOINT");
        URI management = optionalUri(env, "SG_MANAGEMENT_ENDPOINT");
        AwsCredentialsProvider credentials;
        if ((dynamo != null || management != null) && !env.containsKey("AWS_ACCESS_KEY_ID")) {
            credentials = DynamoDbClients.localCredentials();
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return new HandlerConfig(
                JwtConfig.fromEnvironment(env),
                SigningConfig.fromEnvironment(env),
                Limits.fromEnvironment(env),
                TableDefinitions.fromEnvironment(env),
                dynamo,
                env.getOrDefault("AWS_REGION", DEFAULT_REGION),
                credentials,
                URI.create(stripSlash(env.getOrDefault("SG_CORE_URL", DEFAULT_CORE_URL))),
                Duration.ofMillis(positiveInt(env, "SG_CORE_TIMEOUT_MS", DEFAULT_CORE_TIMEOUT_MS)),
                management,
                positiveInt(env, "SG_MAX_CONNECTIONS_PER_USER", DEFAULT_MAX_CONNECTIONS_PER_USER));
    }

    private static URI optionalUri(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(stripSlash(value.trim()));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL such as http://127.0.0.1:8000, was '"
                    + value + "'", e);
        }
    }

    private static int positiveInt(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
