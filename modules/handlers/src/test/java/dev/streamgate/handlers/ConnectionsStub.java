package dev.streamgate.handlers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny {@code @connections} endpoint: records every {@code POST /{stage}/@connections/{id}} into a queue and answers
 * 200, or 410 with {@code x-amzn-ErrorType: GoneException} for connection ids starting with {@code gone}.
 */
public final class ConnectionsStub implements AutoCloseable {

    /** One recorded post. */
    public record Post(String connectionId, String body) {
    }

    public static final String STAGE = "prod";

    private final HttpServer server;
    private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();

    public ConnectionsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String rawPath = exchange.getRequestURI().getRawPath();
                String prefix = "/" + STAGE + "/@connections/";
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (!"POST".equals(exchange.getRequestMethod()) || !rawPath.startsWith(prefix)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String id = URLDecoder.decode(rawPath.substring(prefix.length()), StandardCharsets.UTF_8);
                if (id.startsWith("gone")) {
                    // what API Gateway answers, body included: the client parses it (in the Lambda jar, with the
                    // relocated jackson-core)
                    byte[] gone = "{\"message\":null}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(410, gone.length);
                    exchange.getResponseBody().write(gone);
                    return;
                }
                posts.add(new Post(id, new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** The management endpoint, stage included, for {@code SG_MANAGEMENT_ENDPOINT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + STAGE);
    }

    /** The next post, waiting up to {@code timeout}; fails if none arrives. */
    public Post take(Duration timeout) throws InterruptedException {
        Post post = posts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (post == null) {
            throw new AssertionError("no @connections post within " + timeout);
        }
        return post;
    }

    /** Posts not yet taken. */
    public BlockingQueue<Post> posts() {
        return posts;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
