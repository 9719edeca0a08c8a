package dev.streamgate.handlers.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.streamgate.store.BufferedUrlConnections;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts frames to connections through {@code @connections}, one SDK client per management endpoint, built once.
 *
 * <p>A failed post is logged and dropped: the handler that posts has already done its work and must still answer 200;
 * a {@link GoneException} means the client left, which is normal.
 */
public final class ManagementApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    private final URI override;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final ConcurrentMap<URI, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();

    /** A poster for this region and credentials; {@code override} (may be null) replaces every derived endpoint. */
    public ManagementApi(URI override, String region, AwsCredentialsProvider credentials) {
        this.override = override;
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        if (override != null) {
            client(override);
        }
    }

    /**
     * The management endpoint for an event's connection: the override if set, else {@code https://{domainName}/{stage}}
     * ({@code http} for a loopback domain such as the local gateway's).
     */
    public URI endpointFor(APIGatewayV2WebSocketEvent.RequestContext context) {
        if (override != null) {
            return override;
        }
        String domain = context.getDomainName();
        String host = domain.startsWith("[") ? domain.substring(0, domain.indexOf(']') + 1) : domain.split(":")[0];
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return URI.create((loopback ? "http://" : "https://") + domain + "/" + context.getStage());
    }

    /** Sends {@code payload} to the connection; returns whether API Gateway took it. */
    public boolean post(URI endpoint, String connectionId, byte[] payload) {
        try {
            client(endpoint).postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(payload)));
            return true;
        } catch (GoneException e) {
            LOG.debug("connection gone before post connectionId={}", connectionId);
        } catch (SdkException e) {
            LOG.warn("post to connection failed connectionId={} error={}", connectionId, e.getClass().getSimpleName());
        }
        return false;
    }

    /** The client for an endpoint, built on first use with the fail-fast Lambda settings. */
    public ApiGatewayManagementApiClient client(URI endpoint) {
        return clients.computeIfAbsent(endpoint, e -> ApiGatewayManagementApiClient.builder()
                // bodies buffered, not streamed: the SDK's streaming mode costs a Nagle wait per post
                .httpClient(BufferedUrlConnections.create(Duration.ofMillis(1_000), Duration.ofMillis(2_000)))
                .endpointOverride(e)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMillis(3_000)).retryStrategy(r -> r.maxAttempts(2)))
                .build());
    }

    /**
     * Runs the SDK's whole request path once (endpoint rules, marshalling, signing, interceptors, HTTP client, error
     * handling) without a connection to post to: one {@code PostToConnection} from a throwaway client, one attempt, to
     * a loopback port that refuses it. Before a SnapStart snapshot this loads and initializes the ~800 classes that
     * the first real post would otherwise load after every restore. Quick (a refused loopback connect), never throws.
     */
    public void primeRequestPath() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            LOG.debug("no port to prime @connections against error={}", e.getClass().getSimpleName());
            return;
        }
        try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                .httpClient(BufferedUrlConnections.create(Duration.ofMillis(200), Duration.ofMillis(200)))
                .endpointOverride(URI.create("http://127.0.0.1:" + port + "/priming"))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            client.postToConnection(b -> b.connectionId("priming").data(SdkBytes.fromUtf8String("{}")));
        } catch (SdkException | IllegalStateException e) {
            LOG.debug("@connections request path primed error={}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        clients.values().forEach(ApiGatewayManagementApiClient::close);
        clients.clear();
    }
}
