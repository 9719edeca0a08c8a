package dev.streamgate.core;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * The WebSocket side of the core: one {@link ApiGatewayManagementApiClient} per management endpoint, one
 * ordered sender per connection, and {@link EventSink}s that post a stream's events through them.
 *
 * <p>The HTTP client is chosen explicitly (STACK.md: with several on the class path the SDK silently picks
 * one): the AWS Common Runtime client by default, which posted 1.7x as fast as Apache and 2x as fast as the
 * URL-connection client (which keeps only 5 idle connections per host) in ManagementClientBench, and delivered
 * 1.4x the events of Apache through the whole local stack (docs/benchmarks.md). The SDK's own retries are off:
 * the sender retries itself so it can keep per-connection order.
 */
public final class ManagementApi implements AutoCloseable {

    private final CoreConfig config;
    private final SdkHttpClient http;
    private final Map<String, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();
    private final Map<String, ConnectionSender> senders = new ConcurrentHashMap<>();

    /** Creates the management side with the HTTP client {@code SG_MANAGEMENT_HTTP_CLIENT} names. */
    public ManagementApi(CoreConfig config) {
        this.config = config;
        Duration timeout = config.managementTimeout();
        // every client bounds a post that moves nothing: a socket read timeout, or the CRT client's throughput
        // check (whole seconds, at least 2: CRT's minimum), which closes a connection moving under 1 byte/s that long
        this.http = switch (config.managementHttpClient()) {
            case "url" -> UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(timeout).build();
            case "apache" -> ApacheHttpClient.builder().maxConnections(config.managementMaxConnections())
                    .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(timeout).build();
            default -> AwsCrtHttpClient.builder().maxConcurrency(config.managementMaxConnections())
                    .connectionTimeout(Duration.ofSeconds(2))
                    .connectionHealthConfiguration(h -> h.minimumThroughputInBps(1L)
                            .minimumThroughputTimeout(Duration.ofSeconds(Math.max(2, timeout.toSeconds()))))
                    .build();
        };
    }

    /** A sink posting a stream's events to {@code connectionId} at {@code endpoint}. */
    public EventSink sink(String endpoint, String connectionId) {
        ConnectionSender sender = senders.compute(key(endpoint, connectionId), (k, existing) ->
                existing != null && !existing.isDead() ? existing
                        : new ConnectionSender(client(endpoint), connectionId, config.postMaxAttempts()));
        return new WebSocketSink(sender, config.coalesceWindow());
    }

    /** The connection is gone (from {@code $disconnect}): every sink on it detaches its stream. */
    public void gone(String connectionId) {
        senders.forEach((k, sender) -> {
            if (sender.connectionId().equals(connectionId)) {
                sender.markGone();
                senders.remove(k, sender);
            }
        });
    }

    private ApiGatewayManagementApiClient client(String endpoint) {
        return clients.computeIfAbsent(endpoint, e -> ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(e))
                .region(Region.of(config.awsRegion()))
                .credentialsProvider(credentials(e))
                .httpClient(http)
                .putAuthScheme(ManagementSigner.SCHEME)
                // the sender retries (and keeps order) itself. No apiCallAttemptTimeout: the HTTP client bounds a
                // stalled post already, and the SDK's timer for it cost 25-30 µs of CPU per post (a task scheduled
                // and cancelled on another thread each time: 72-77 against 42-48 µs per post, docs/benchmarks.md)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    private static AwsCredentialsProvider credentials(String endpoint) {
        String host = URI.create(endpoint).getHost();
        // the local gateway does not check SigV4; anything else gets the real credential chain (ECS task role)
        if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String key(String endpoint, String connectionId) {
        return endpoint + '\n' + connectionId;
    }

    /** Stops every sender and closes the clients. */
    @Override
    public void close() {
        senders.values().forEach(ConnectionSender::stop);
        clients.values().forEach(ApiGatewayManagementApiClient::close);
        http.close();
    }
}
