package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.streamgate.handlers.internal.ConnectionsCallException;
import dev.streamgate.handlers.internal.ConnectionsCallException.Failure;
import dev.streamgate.handlers.internal.ConnectionsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@link ConnectionsClient} against a local HTTP server scripted with API Gateway's answers. */
class ConnectionsClientTest {

    private record Request(String method, String rawPath, String authorization, String contentLength, String body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger[] script = {new AtomicInteger(200)};
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer server;
    private ConnectionsClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Length"),
                        new String(body, StandardCharsets.UTF_8)));
                int status = failuresLeft.getAndDecrement() > 0 ? script[0].get() : 200;
                byte[] answer = status == 200 ? new byte[0] : "{\"message\":null}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        client = new ConnectionsClient("eu-west-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod");
    }

    private void failNext(int times, int status) {
        script[0].set(status);
        failuresLeft.set(times);
    }

    @Test
    void post_sendsOneSignedPostToTheEncodedConnectionPath() {
        client.post(endpoint(), "L0SM9cOFvHcCIhw=", "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/prod/@connections/L0SM9cOFvHcCIhw%3D");
            assertThat(r.body()).isEqualTo("{\"type\":\"pong\"}");
            assertThat(r.contentLength()).isEqualTo("15");
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/execute-api/aws4_request", "SignedHeaders=", "Signature=");
        });
    }

    @Test
    void post_encodesIdsAsOnePathSegment() {
        client.post(URI.create(endpoint() + "/"), "a+b/c d", new byte[0]);

        assertThat(requests.get(0).rawPath()).isEqualTo("/prod/@connections/a%2Bb%2Fc%20d");
    }

    @ParameterizedTest
    @CsvSource({"410, GONE", "413, PAYLOAD_TOO_LARGE", "403, FORBIDDEN", "400, REJECTED"})
    void post_clientErrors_failTypedAtOnce(int status, Failure failure) {
        failNext(5, status);

        assertThatThrownBy(() -> client.post(endpoint(), "c", new byte[] {'x'}))
                .isInstanceOfSatisfying(ConnectionsCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(failure);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).doesNotContain("x");
                });
        assertThat(requests).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"429, THROTTLED", "500, SERVER_ERROR", "503, SERVER_ERROR"})
    void post_throttlingAndServerErrors_areRetriedOnce(int status, Failure failure) {
        failNext(1, status);
        client.post(endpoint(), "c", new byte[0]);
        assertThat(requests).hasSize(2);

        requests.clear();
        failNext(5, status);
        assertThatThrownBy(() -> client.post(endpoint(), "c", new byte[0]))
                .isInstanceOfSatisfying(ConnectionsCallException.class, e -> assertThat(e.failure()).isEqualTo(failure));
        assertThat(requests).hasSize(2);
    }

    @Test
    void post_toANonListeningPort_isUnreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + closed + "/prod"), "c", new byte[0]))
                .isInstanceOfSatisfying(ConnectionsCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
                    assertThat(e.status()).isZero();
                });
    }

    @Test
    void post_withoutCredentials_failsTypedWithoutCalling() {
        try (ConnectionsClient noKeys = new ConnectionsClient("eu-west-1", () -> {
            throw new IllegalStateException("no keys");
        }, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> noKeys.post(endpoint(), "c", new byte[0]))
                    .isInstanceOfSatisfying(ConnectionsCallException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CREDENTIALS));
        }
        assertThat(requests).isEmpty();
    }
}
