package dev.streamgate.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local HTTP server that speaks just enough DynamoDB to fail: it answers requests matching a predicate with an AWS
 * JSON error (status, {@code x-amzn-ErrorType} header and {@code __type} body as DynamoDB sends them) and forwards the
 * others to a real endpoint, if there is one.
 */
public final class FaultyDynamoDb implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient forwarder = HttpClient.newHttpClient();
    private final AtomicInteger faults = new AtomicInteger();

    private FaultyDynamoDb(URI upstream, Predicate<String> fails, int status, String errorType) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, upstream, fails, status, errorType));
        server.start();
    }

    /** A server that fails every request with this status and error type. */
    public static FaultyDynamoDb failingEverything(int status, String errorType) throws IOException {
        return new FaultyDynamoDb(null, body -> true, status, errorType);
    }

    /** A proxy to {@code upstream} that fails the requests whose "target + body" matches. */
    public static FaultyDynamoDb proxyFailing(URI upstream, Predicate<String> fails, int status, String errorType) throws IOException {
        return new FaultyDynamoDb(upstream, fails, status, errorType);
    }

    /** The endpoint to point a client at. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests were failed so far. */
    public int faults() {
        return faults.get();
    }

    private void handle(HttpExchange exchange, URI upstream, Predicate<String> fails, int status, String errorType) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (upstream == null || fails.test(target + " " + new String(body, StandardCharsets.UTF_8))) {
                faults.incrementAndGet();
                byte[] error = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + errorType + "\",\"message\":\"injected by test\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(status, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = forwarder.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        forwarder.close();
    }
}
