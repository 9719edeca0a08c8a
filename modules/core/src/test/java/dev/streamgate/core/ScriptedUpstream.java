package dev.streamgate.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A small upstream chat server for engine tests: real HTTP on an ephemeral port, each path a script of SSE
 * lines, a status code or a stall. Records the request bodies it received.
 */
final class ScriptedUpstream implements AutoCloseable {

    final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    ScriptedUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves these SSE lines (each gets a line break) and closes the response. */
    ScriptedUpstream lines(String path, List<String> lines) {
        return sse(path, lines, false);
    }

    /** Serves these SSE lines, then keeps the response open and silent until the upstream is closed. */
    ScriptedUpstream linesThenStall(String path, List<String> lines) {
        return sse(path, lines, true);
    }

    private ScriptedUpstream sse(String path, List<String> lines, boolean stall) {
        server.createContext(path, exchange -> {
            record(exchange);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String line : lines) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (stall) {
                    release.await();
                }
            } catch (IOException | InterruptedException e) {
                // the engine closed the connection (idle timeout or cancel): that is the point of the stall
            }
        });
        return this;
    }

    /** Answers every request on {@code path} with this status and a short JSON body. */
    ScriptedUpstream status(String path, int status) {
        server.createContext(path, exchange -> {
            record(exchange);
            byte[] body = "{\"error\":{\"message\":\"scripted\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return this;
    }

    private void record(HttpExchange exchange) throws IOException {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
