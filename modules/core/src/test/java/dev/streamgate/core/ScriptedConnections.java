package dev.streamgate.core;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Interim stand-in for the local gateway's {@code @connections}: records every POST per connection and answers
 * scripted statuses (with {@code x-amzn-ErrorType} like API Gateway) before succeeding.
 */
final class ScriptedConnections implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, BlockingQueue<String>> posts = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> faults = new ConcurrentHashMap<>();
    private final Map<String, Integer> permanent = new ConcurrentHashMap<>();

    ScriptedConnections() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String id = URLDecoder.decode(path.substring(path.indexOf("/@connections/") + "/@connections/".length()),
                    StandardCharsets.UTF_8);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Integer status = permanent.get(id);
            if (status == null) {
                Deque<Integer> scripted = faults.get(id);
                synchronized (this) {
                    status = scripted == null || scripted.isEmpty() ? 200 : scripted.pollFirst();
                }
            }
            if (status == 200) {
                queue(id).add(new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            } else {
                String type = switch (status) {
                    case 410 -> "GoneException";
                    case 403 -> "ForbiddenException";
                    case 429 -> "LimitExceededException";
                    default -> "InternalServerErrorException";
                };
                byte[] error = ("{\"message\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, error.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(error);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** The management endpoint, with a stage, as the handlers pass it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/test";
    }

    /** The next statuses for posts to {@code connectionId}, before it goes back to 200. */
    void fail(String connectionId, Integer... statuses) {
        faults.put(connectionId, new ArrayDeque<>(java.util.List.of(statuses)));
    }

    /** Every post to {@code connectionId} gets {@code status}. */
    void failAlways(String connectionId, int status) {
        permanent.put(connectionId, status);
    }

    private BlockingQueue<String> queue(String connectionId) {
        return posts.computeIfAbsent(connectionId, k -> new LinkedBlockingQueue<>());
    }

    /** The next body posted to {@code connectionId}. */
    String next(String connectionId) throws InterruptedException {
        String body = queue(connectionId).poll(10, TimeUnit.SECONDS);
        if (body == null) {
            throw new AssertionError("nothing posted to " + connectionId + " within 10 s");
        }
        return body;
    }

    /** Whether nothing more arrives for {@code connectionId} within a short wait. */
    boolean quiet(String connectionId, long millis) throws InterruptedException {
        return queue(connectionId).poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
