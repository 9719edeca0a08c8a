package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    public static DemoSite startIfBuilt(String host, int port, Path dist, String configJson) {
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

    /** The port the page is served on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
