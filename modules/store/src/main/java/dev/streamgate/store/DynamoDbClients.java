package dev.streamgate.store;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds {@link DynamoDb} clients tuned for a Lambda: the JDK's URL-connection HTTP client (no Netty, no Apache),
 * short timeouts and one retry (backoff with jitter), so a handler fails fast with a typed error inside API Gateway's budget instead of
 * spending seconds in backoff.
 */
public final class DynamoDbClients {

    /** Connect timeout of the HTTP client. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1_000);
    /** Socket read timeout of the HTTP client. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2_000);
    /** Upper bound of one call, retries included. */
    public static final Duration CALL_TIMEOUT = Duration.ofMillis(3_000);
    /** Attempts per call: one retry absorbs a blip; more would eat the integration timeout. */
    public static final int MAX_ATTEMPTS = 2;

    private DynamoDbClients() {
    }

    /**
     * A client for this region, credentials and (when not null) endpoint override, with the fail-fast settings above.
     *
     * @param endpointOverride e.g. {@code http://127.0.0.1:8000} for an emulator, or {@code null} for AWS
     * @param region region name, e.g. {@code us-east-1}
     * @param credentials where credentials come from ({@link #localCredentials()} for emulators)
     */
    public static DynamoDb create(URI endpointOverride, String region, AwsCredentialsProvider credentials) {
        return DynamoDb.create(endpointOverride, region, credentials,
                new AwsJsonClient.Settings(CONNECT_TIMEOUT, SOCKET_TIMEOUT, CALL_TIMEOUT, MAX_ATTEMPTS));
    }

    /** Fixed dummy credentials for emulators, which accept any signature. */
    public static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("streamgate-local", "streamgate-local"));
    }
}
