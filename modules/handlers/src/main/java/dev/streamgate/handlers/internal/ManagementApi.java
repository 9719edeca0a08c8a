package dev.streamgate.handlers.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Posts frames to connections through {@code @connections} with a {@link ConnectionsClient} (one signed request per
 * post, no generated SDK client), built once.
 *
 * <p>A failed post is logged and dropped: the handler that posts has already done its work and must still answer 200;
 * a 410 ({@link ConnectionsCallException.Failure#GONE}) means the client left, which is normal.
 */
public final class ManagementApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    private final URI override;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final ConnectionsClient client;

    /** A poster for this region and credentials; {@code override} (may be null) replaces every derived endpoint. */
    public ManagementApi(URI override, String region, AwsCredentialsProvider credentials) {
        this.override = override;
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        // the fail-fast Lambda settings: connect 1 s, read 2 s, call 3 s
        this.client = new ConnectionsClient(region, credentials, Duration.ofMillis(1_000), Duration.ofMillis(2_000),
                Duration.ofMillis(3_000));
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
            client.post(endpoint, connectionId, payload);
            return true;
        } catch (ConnectionsCallException e) {
            if (e.failure() == ConnectionsCallException.Failure.GONE) {
                LOG.debug("connection gone before post connectionId={}", connectionId);
            } else {
                LOG.warn("post to connection failed connectionId={} error={} status={}", connectionId, e.failure(), e.status());
            }
        }
        return false;
    }

    /**
     * Runs the whole request path once (credentials, signing, HTTP client, error mapping) without a connection to post
     * to: one attempt-limited post from a throwaway client to a loopback port that refuses it. Before a SnapStart
     * snapshot this loads and initializes the classes the first real post would otherwise load after every restore.
     * Quick (a refused loopback connect), never throws.
     */
    public void primeRequestPath() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            LOG.debug("no port to prime @connections against error={}", e.getClass().getSimpleName());
            return;
        }
        try (ConnectionsClient priming = new ConnectionsClient(region, credentials, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ZERO)) {
            priming.post(URI.create("http://127.0.0.1:" + port + "/priming"), "priming", "{}".getBytes(StandardCharsets.UTF_8));
        } catch (ConnectionsCallException e) {
            LOG.debug("@connections request path primed error={}", e.failure());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
