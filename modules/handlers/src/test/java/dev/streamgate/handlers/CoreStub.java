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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStore;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the core's internal API v1 that checks every signature like the core does (401 otherwise), records the
 * calls, and answers 202 ({@code {"streamId":"stream-N"}} for new streams). To be replaced by the real CoreServer once
 * its internal API lands.
 *
 * <p>When built with a stream store it also plays the core's part towards the client: a new stream gets its record
 * (owner = this stub) and an {@code accepted} event through {@code @connections}; a cancel gets {@code done}.
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

    private final StreamStore streamStore;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ApiGatewayManagementApiClient> management = new ConcurrentHashMap<>();
    private final Map<String, String[]> streamTargets = new ConcurrentHashMap<>();

    CoreStub(SigningConfig signing) throws IOException {
        this(signing, null);
    }

    CoreStub(SigningConfig signing, StreamStore streamStore) throws IOException {
        this.streamStore = streamStore;
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
                String streamId = "stream-" + UUID.randomUUID() + "-" + streams.incrementAndGet();
                respond(exchange, 202, "{\"streamId\":\"" + streamId + "\"}");
                if (streamStore != null) {
                    JsonNode chat = json.readTree(body);
                    streamStore.create(StreamRecord.started(streamId, chat.path("userId").asText(), chat.path("connectionId").asText(),
                            url().toString(), chat.path("requestId").asText(), Instant.now()));
                    String endpoint = chat.path("managementEndpoint").asText();
                    String connectionId = chat.path("connectionId").asText();
                    streamTargets.put(streamId, new String[] {endpoint, connectionId});
                    push(endpoint, connectionId, "{\"type\":\"accepted\",\"requestId\":\"" + chat.path("requestId").asText()
                            + "\",\"streamId\":\"" + streamId + "\"}");
                }
            } else {
                respond(exchange, 202, "{}");
                if (streamStore != null && rawPath.endsWith("/cancel")) {
                    String streamId = rawPath.split("/")[4];
                    String[] target = streamTargets.get(streamId);
                    if (target != null) {
                        push(target[0], target[1], "{\"type\":\"done\",\"streamId\":\"" + streamId + "\",\"seq\":0,\"reason\":\"cancelled\"}");
                    }
                }
            }
        }
    }

    private void push(String endpoint, String connectionId, String event) {
        management.computeIfAbsent(endpoint, e -> ApiGatewayManagementApiClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(URI.create(e))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(DynamoDbClients.localCredentials())
                        .build())
                .postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(event)));
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
        management.values().forEach(ApiGatewayManagementApiClient::close);
    }
}
