package dev.streamgate.handlers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamgate.auth.InvalidSignatureException;
import dev.streamgate.auth.SignatureVerifier;
import dev.streamgate.auth.SigningConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the core's internal API v1 that checks every signature like the core does (401 otherwise), records the
 * calls, and answers 202 ({@code {"streamId":"stream-N"}} for new streams). To be replaced by the real CoreServer once
 * its internal API lands.
 */
final class CoreStub implements AutoCloseable {

    /** One recorded, correctly signed call. */
    record Call(String method, String rawPath, String body) {
    }

    private final HttpServer server;
    private final SignatureVerifier verifier;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();

    CoreStub(SigningConfig signing) throws IOException {
        verifier = SignatureVerifier.create(signing);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String rawPath = exchange.getRequestURI().getRawPath();
            try {
                verifier.verify(exchange.getRequestMethod(), rawPath, exchange.getRequestHeaders()::getFirst, body);
            } catch (InvalidSignatureException e) {
                refused.incrementAndGet();
                respond(exchange, 401, "{\"type\":\"error\",\"code\":\"unauthorized\",\"message\":\"bad signature\",\"retryable\":false}");
                return;
            }
            calls.add(new Call(exchange.getRequestMethod(), rawPath, new String(body, StandardCharsets.UTF_8)));
            if (rawPath.equals("/internal/v1/streams")) {
                respond(exchange, 202, "{\"streamId\":\"stream-" + streams.incrementAndGet() + "\"}");
            } else {
                respond(exchange, 202, "{}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The base URL, for {@code SG_CORE_URL} and stream owner URLs. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next signed call, waiting up to {@code timeout}; fails if none arrives. */
    Call take(Duration timeout) throws InterruptedException {
        Call call = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) {
            throw new AssertionError("no signed call reached the core within " + timeout + " (refused: " + refused.get() + ")");
        }
        return call;
    }

    /** Signed calls not yet taken. */
    BlockingQueue<Call> calls() {
        return calls;
    }

    /** How many calls were refused for their signature. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
