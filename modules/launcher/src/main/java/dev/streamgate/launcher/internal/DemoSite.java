package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.StaticHttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the built demo page ({@code frontend-adapter/demo/dist}) and the {@code config.json} it reads:
 * {@code {"wsUrl","sseUrl","token"}}, the contract in {@code frontend-adapter/README.md}.
 *
 * <p>It also relays {@code POST /api/chat/stream} to the core, streaming, so the page's SSE requests stay on its
 * own origin: a browser would otherwise need CORS answers from the core for its {@code Authorization} header.
 */
public final class DemoSite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSite.class);

    private final HttpServer server;
    private final int port;

    private DemoSite(HttpServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the demo page server, or returns {@code null} when {@code dist} holds no built page.
     *
     * @throws LocalStackStartException when the port is taken
     */
    public static DemoSite startIfBuilt(String host, int port, Path dist, String configJson, String coreUrl) {
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            LOG.debug("no demo page dist={}", dist);
            return null;
        }
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("demo", host, port);
        server.addListener(listener);
        byte[] config = configJson.getBytes(StandardCharsets.UTF_8);
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws IOException {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                // the page must never use a token from an earlier run
                response.setHeader("Cache-Control", "no-store");
                response.setContentLength(config.length);
                response.getOutputStream().write(config);
            }
        }, "/config.json");
        server.getServerConfiguration().addHttpHandler(new SseRelay(coreUrl), "/api/chat/stream");
        StaticHttpHandler files = new StaticHttpHandler(dist.toAbsolutePath().toString());
        files.setFileCacheEnabled(false);
        server.getServerConfiguration().addHttpHandler(files, "/");
        try {
            server.start();
        } catch (IOException e) {
            throw new LocalStackStartException("demo page server could not listen on " + host + ":" + port
                    + ": free the port or set SG_DEMO_PORT (0 = any free port)", e);
        }
        return new DemoSite(server, listener.getPort());
    }

    /** The SSE URL the page should use: this server's relay. */
    public static String relayedSseUrl(String host, int port) {
        return "http://" + host + ":" + port + "/api/chat/stream";
    }

    /** The port the page is served on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Copies one SSE request to the core and its response back, flushing as bytes arrive. */
    private static final class SseRelay extends HttpHandler {
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        private final String target;

        SseRelay(String coreUrl) {
            this.target = coreUrl + "/api/chat/stream";
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            byte[] body = request.getInputStream().readAllBytes();
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : new String[] {"Authorization", "Content-Type", "Accept", "Last-Event-ID"}) {
                String value = request.getHeader(name);
                if (value != null) {
                    out.header(name, value);
                }
            }
            HttpResponse<InputStream> in;
            try {
                in = CLIENT.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                response.sendError(502, "core unreachable");
                return;
            }
            response.setStatus(in.statusCode());
            in.headers().firstValue("Content-Type").ifPresent(v -> response.setHeader("Content-Type", v));
            response.setHeader("Cache-Control", "no-store");
            try (InputStream events = in.body()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = events.read(buf)) >= 0) {
                    response.getOutputStream().write(buf, 0, n);
                    response.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the browser went away (or the core did): the core detaches the stream on its side
                LOG.debug("sse relay ended reason={}", e.toString());
            }
        }
    }
}
