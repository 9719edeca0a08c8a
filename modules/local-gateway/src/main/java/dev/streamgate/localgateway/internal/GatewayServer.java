package dev.streamgate.localgateway.internal;

import dev.streamgate.localgateway.GatewayStartException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Grizzly listener serving both the WebSocket endpoint ({@code ws://HOST:PORT/STAGE}, Tyrus through
 * {@link UpgradedConnections}) and the {@code @connections} API ({@code http://HOST:PORT/STAGE/@connections/{id}}).
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayRuntime runtime;
    private final HttpServer server = new HttpServer();
    private int port;

    /** A server for this runtime; nothing is bound until {@link #start()}. */
    public GatewayServer(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    /** Binds the port and starts serving. */
    public void start() {
        GatewaySettings settings = runtime.settings();
        NetworkListener listener = new NetworkListener("local-gateway", settings.host(), settings.port());
        // WebSocket connections must not be cut by HTTP keep-alive; API Gateway's own idle timeout is emulated
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // a core pushing thousands of messages per second keeps its HTTP connections; Grizzly would close each
        // after 256 requests
        listener.getKeepAlive().setMaxRequestsCount(-1);
        // Tyrus buffers at most this much undecoded input; the frame and message limits are checked per frame
        int incoming = Math.max(4 * 1024 * 1024, settings.limits().messageBytes() + 16);
        GatewayContainer container = new GatewayContainer(incoming);
        GatewayEndpoint endpoint = new GatewayEndpoint(runtime);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(GatewayEndpoint.class, "/" + settings.stage())
                .configurator(new HandshakeConfigurator(runtime, endpoint))
                .build();
        try {
            container.register(config);
        } catch (DeploymentException e) {
            throw new GatewayStartException("cannot deploy the WebSocket endpoint at /" + settings.stage()
                    + "; use a stage name made of letters, digits, '-' and '_'", e);
        }
        // API Gateway passes header names on as the client wrote them; Grizzly lower-cases them unless told not to
        listener.registerAddOn((networkListener, builder) -> {
            int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            if (codec >= 0) {
                ((org.glassfish.grizzly.http.HttpServerFilter) builder.get(codec)).setPreserveHeaderCase(true);
            }
        });
        listener.registerAddOn(new UpgradedConnections(container, ""));
        ManagementCalls calls = new ManagementCalls(runtime);
        // in front of the codec too, after the upgraded-read filter: the usual @connections calls, answered without
        // Grizzly's HTTP server
        listener.registerAddOn(new FastManagementFilter(runtime, calls));
        server.addListener(listener);
        // the authorizer and $connect block a worker for up to the integration timeout during a handshake: enough
        // workers that a few slow $connect handlers do not stall @connections calls and other clients
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("local-gateway-worker").setCorePoolSize(32).setMaxPoolSize(32));
        // ... but only for a connection's first requests: settled connections skip the hop to a worker
        listener.getTransport().setIOStrategy(new SettledConnectionsIOStrategy());

        server.getServerConfiguration().addHttpHandler(new ManagementApi(runtime, calls), "/");
        server.getServerConfiguration().setName("local-gateway");
        try {
            server.start();
        } catch (IOException e) {
            throw new GatewayStartException("cannot listen on " + settings.host() + ":" + settings.port()
                    + " (" + e.getMessage() + "); choose a free port, or 0 for an ephemeral one", e);
        }
        runtime.start();
        port = listener.getPort();
        LOG.info("local gateway listening ws=ws://{}:{}/{} management=http://{}:{}/{}", settings.host(), port,
                settings.stage(), settings.host(), port, settings.stage());
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        runtime.close();
        try {
            server.shutdown(1, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("graceful shutdown failed, forcing", e);
        } finally {
            server.shutdownNow();
        }
    }
}
