package dev.streamgate.core;

import dev.streamgate.auth.JwtVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming core's HTTP server on Grizzly: {@code GET /health}, the SSE endpoint
 * {@code POST /api/chat/stream}, and (later) the internal API, all on one listener.
 *
 * <p>Run it with {@code java dev.streamgate.core.CoreServer}; configuration comes from {@code SG_*} variables
 * (see {@link CoreConfig#fromEnvironment}).
 */
public final class CoreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoreServer.class);

    private final CoreConfig config;
    private final HttpServer server;
    private final NetworkListener listener;
    private final StreamRegistry registry;

    private CoreServer(CoreConfig config, ChatEngine engine) {
        this.config = config;
        this.registry = new StreamRegistry(config);
        this.server = new HttpServer();
        this.listener = new NetworkListener("core", config.host(), config.port());
        server.addListener(listener);
        ChatStreamHandler chat = new ChatStreamHandler(config, registry, engine, JwtVerifier.create(config.jwt()));
        server.getServerConfiguration().addHttpHandler(new Router(chat, registry), "/");
        server.getServerConfiguration().setJmxEnabled(false);
    }

    /** Starts a core with the engine {@code config} names. */
    public static CoreServer start(CoreConfig config) {
        return start(config, ChatEngines.fromConfig(config));
    }

    /** Starts a core with the given engine (tests pass scripted engines). */
    public static CoreServer start(CoreConfig config, ChatEngine engine) {
        CoreServer core = new CoreServer(config, engine);
        try {
            core.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port()
                    + "; set SG_PORT to a free port (0 picks one)", e);
        }
        LOG.info("core listening port={} engine={}", core.port(), config.engine());
        return core;
    }

    /** The bound port (the real one when the configured port was 0). */
    public int port() {
        return listener.getPort();
    }

    /** {@code http://127.0.0.1:<port>}, for clients on this machine. */
    public URI localUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The streams this instance owns. */
    public StreamRegistry registry() {
        return registry;
    }

    /** The configuration it runs with. */
    public CoreConfig config() {
        return config;
    }

    /** Cancels every stream and stops listening. */
    @Override
    public void close() {
        registry.close();
        server.shutdownNow();
    }

    /** Entry point: reads the environment, starts, runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        CoreServer core = start(CoreConfig.fromEnvironment(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            core.close();
            stopped.countDown();
        }, "core-shutdown"));
        stopped.await();
    }

    /** Dispatches on the path; one handler keeps routing explicit and cheap. */
    private static final class Router extends HttpHandler {
        private final ChatStreamHandler chat;
        private final StreamRegistry registry;

        Router(ChatStreamHandler chat, StreamRegistry registry) {
            this.chat = chat;
            this.registry = registry;
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            String path = request.getRequestURI();
            if (path.equals("/api/chat/stream")) {
                chat.service(request, response);
            } else if (path.equals("/health")) {
                HttpErrors.sendJson(response, 200, "{\"status\":\"ok\",\"streams\":" + registry.size() + "}");
            } else {
                HttpErrors.sendHttp(response, 404, "not_found", "no such endpoint: see the README for the core's API");
            }
        }
    }
}
