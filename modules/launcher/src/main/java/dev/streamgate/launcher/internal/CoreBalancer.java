package dev.streamgate.launcher.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer in front of several local cores, standing in for the ALB on AWS: each request goes to the
 * next core in turn; a core that refuses connections is skipped, as an ALB's health check would. Only new chats
 * come this way: {@code resume} and {@code cancel} go straight to the owner named in the stream record.
 */
public final class CoreBalancer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoreBalancer.class);
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "expect", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient client;

    private CoreBalancer(HttpServer server, ExecutorService executor, List<String> backends) {
        this.server = server;
        this.executor = executor;
        this.backends = List.copyOf(backends);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(executor).build();
    }

    /**
     * Starts the balancer on an ephemeral port of {@code host}.
     *
     * @param backends base URLs of the cores, e.g. {@code http://127.0.0.1:8080}
     */
    public static CoreBalancer start(String host, List<String> backends) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 512);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            CoreBalancer balancer = new CoreBalancer(server, executor, backends);
            server.setExecutor(executor);
            server.createContext("/", balancer::forward);
            server.start();
            return balancer;
        } catch (IOException e) {
            throw new LocalStackStartException("core load balancer could not listen on " + host, e);
        }
    }

    /** The base URL the handlers call, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int start = Math.floorMod(next.getAndIncrement(), backends.size());
            // at least two tries: a pooled connection the core closed while idle fails a POST the JDK will not
            // retry by itself; a repeat is safe because the internal API is idempotent on (userId, requestId)
            int tries = Math.max(2, backends.size());
            for (int i = 0; i < tries; i++) {
                String backend = backends.get((start + i) % backends.size());
                try {
                    HttpResponse<byte[]> response = client.send(request(exchange, backend, body),
                            HttpResponse.BodyHandlers.ofByteArray());
                    response.headers().map().forEach((name, values) -> {
                        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                            exchange.getResponseHeaders().put(name, values);
                        }
                    });
                    byte[] out = response.body();
                    exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                    return;
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    LOG.debug("core unreachable, trying the next backend={}", backend);
                } catch (IOException e) {
                    LOG.debug("core call failed, trying again backend={} error={}", backend, e.toString());
                }
            }
            byte[] error = ("{\"type\":\"error\",\"code\":\"unavailable\",\"message\":\"no core instance is reachable\","
                    + "\"retryable\":true}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, error.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(error);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private static HttpRequest request(HttpExchange exchange, String backend, byte[] body) {
        URI uri = URI.create(backend + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
