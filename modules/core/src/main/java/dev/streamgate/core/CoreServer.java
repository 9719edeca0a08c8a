package dev.streamgate.core;

import dev.streamgate.auth.JwtVerifier;
import dev.streamgate.auth.SignatureVerifier;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.StreamStore;
import dev.streamgate.store.TableDefinitions;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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
    private final ManagementApi management;
    private final ChatEngine engine;
    private final StreamStore store;
    private volatile String ownerUrl;
    private StreamRecords records;

    private CoreServer(CoreConfig config, ChatEngine engine, StreamStore store) {
        this.config = config;
        this.engine = engine;
        this.store = store;
        this.registry = new StreamRegistry(config);
        this.management = new ManagementApi(config);
        this.server = new HttpServer();
        this.listener = new NetworkListener("core", config.host(), config.port());
        server.addListener(listener);
        server.getServerConfiguration().setJmxEnabled(false);
    }

    private void route() {
        records = new StreamRecords(store, ownerUrl);
        registry.onEnded(records::ended);
        ChatStreamHandler chat = new ChatStreamHandler(config, registry, engine, JwtVerifier.create(config.jwt()), records);
        InternalApiHandler internal = new InternalApiHandler(registry, engine, management,
                SignatureVerifier.create(config.signing()), records);
        server.getServerConfiguration().addHttpHandler(new Router(chat, internal, registry), "/");
    }

    /** Starts a core with the engine {@code config} names. */
    public static CoreServer start(CoreConfig config) {
        StreamStore store = null;
        if (!config.streamsTable().isEmpty()) {
            URI endpoint = config.dynamoDbEndpoint().isEmpty() ? null : URI.create(config.dynamoDbEndpoint());
            store = StreamStore.create(DynamoDbClients.create(endpoint, config.awsRegion(),
                    endpoint == null ? DefaultCredentialsProvider.builder().build() : DynamoDbClients.localCredentials()),
                    TableDefinitions.fromEnvironment(Map.of("SG_STREAMS_TABLE", config.streamsTable())));
        }
        return start(config, ChatEngines.fromConfig(config), store);
    }

    /** Starts a core with the given engine (tests pass scripted engines). */
    public static CoreServer start(CoreConfig config, ChatEngine engine) {
        return start(config, engine, null);
    }

    /** Starts a core that writes stream records to {@code store} ({@code null}: no records). */
    public static CoreServer start(CoreConfig config, ChatEngine engine, StreamStore store) {
        CoreServer core = new CoreServer(config, engine, store);
        try {
            core.server.start();
            core.ownerUrl = OwnerAddress.resolve(config, core.port());
            core.route();
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port()
                    + "; set SG_PORT to a free port (0 picks one)", e);
            try {
                core.close(); // the timers, store and clients it made before the bind failed
            } catch (RuntimeException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        LOG.info("core listening port={} engine={} owner={}", core.port(), config.engine(), core.ownerUrl);
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

    /** The address written as owner of this instance's streams. */
    public String ownerUrl() {
        return ownerUrl;
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
        if (records != null) {
            records.close();
        }
        management.close();
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
        private final InternalApiHandler internal;
        private final StreamRegistry registry;

        Router(ChatStreamHandler chat, InternalApiHandler internal, StreamRegistry registry) {
            this.chat = chat;
            this.internal = internal;
            this.registry = registry;
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            String path = request.getRequestURI();
            if (path.equals("/api/chat/stream")) {
                chat.service(request, response);
            } else if (InternalApiHandler.handles(path)) {
                internal.service(request, response);
            } else if (path.equals("/health")) {
                HttpErrors.sendJson(response, 200, "{\"status\":\"ok\",\"streams\":" + registry.size() + "}");
            } else {
                HttpErrors.sendHttp(response, 404, "not_found", "no such endpoint: see the README for the core's API");
            }
        }
    }
}
