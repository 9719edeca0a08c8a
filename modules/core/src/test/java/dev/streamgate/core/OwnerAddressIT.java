package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owner address on ECS: read from a real HTTP server answering like the container metadata endpoint v4. */
class OwnerAddressIT {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves the given (status, body) answers in order, the last one repeatedly; returns the endpoint URI. */
    private String metadataEndpoint(Object... statusAndBody) throws IOException {
        Deque<Object[]> answers = new ArrayDeque<>();
        for (int i = 0; i < statusAndBody.length; i += 2) {
            answers.add(new Object[] {statusAndBody[i], statusAndBody[i + 1]});
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v4/4f1c2a7e9b0d4c3e8a6b5d2f1e0c9b8a-1234567890", exchange -> {
            requests.incrementAndGet();
            Object[] answer = answers.size() > 1 ? answers.poll() : answers.peek();
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v4/4f1c2a7e9b0d4c3e8a6b5d2f1e0c9b8a-1234567890";
    }

    private static String sample() throws IOException {
        try (InputStream in = OwnerAddressIT.class.getResourceAsStream("/ecs/container-metadata-v4.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CoreConfig onEcs(String metadataUri, String advertised) {
        return CoreConfig.fromEnvironment(Map.of("ECS_CONTAINER_METADATA_URI_V4", metadataUri, "SG_ADVERTISED_URL", advertised));
    }

    @Test
    void resolve_onEcs_usesTheTaskIpFromContainerMetadata() throws IOException {
        String uri = metadataEndpoint(200, sample());
        assertThat(OwnerAddress.resolve(onEcs(uri, ""), 8080)).isEqualTo("http://10.0.3.57:8080");
        assertThat(requests).hasValue(1);
    }

    @Test
    void resolve_whenTheAgentFailsFirst_readsAgain() throws IOException {
        String uri = metadataEndpoint(500, "{\"message\":\"not ready\"}", 200, sample());
        assertThat(OwnerAddress.resolve(onEcs(uri, ""), 8080)).isEqualTo("http://10.0.3.57:8080");
        assertThat(requests).hasValue(2);
    }

    @Test
    void resolve_whenMetadataHasNoAddress_fallsBackToLoopbackWithoutRetrying() throws IOException {
        String uri = metadataEndpoint(200, "{\"Name\":\"core\",\"Networks\":[{\"NetworkMode\":\"awsvpc\",\"IPv4Addresses\":[]}]}");
        assertThat(OwnerAddress.resolve(onEcs(uri, ""), 8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(requests).hasValue(1);
    }

    @Test
    void resolve_whenMetadataKeepsFailing_givesUpAfterThreeAttempts() throws IOException {
        String uri = metadataEndpoint(503, "");
        assertThat(OwnerAddress.resolve(onEcs(uri, ""), 8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(requests).hasValue(OwnerAddress.ATTEMPTS);
    }

    @Test
    void resolve_whenMetadataIsUnreachable_fallsBackToLoopback() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(OwnerAddress.resolve(onEcs("http://127.0.0.1:" + closed + "/v4/x", ""), 8080)).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void resolve_advertisedUrlWinsOverMetadata() throws IOException {
        String uri = metadataEndpoint(200, sample());
        assertThat(OwnerAddress.resolve(onEcs(uri, "http://core.internal:9000"), 8080)).isEqualTo("http://core.internal:9000");
        assertThat(requests).hasValue(0);
    }
}
