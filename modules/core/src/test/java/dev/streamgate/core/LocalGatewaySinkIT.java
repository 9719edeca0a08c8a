package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.auth.RequestSigner;
import dev.streamgate.core.internal.Json;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.LocalGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code @connections} sink with the real SDK client against the local gateway, to a real WebSocket client. */
class LocalGatewaySinkIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LocalGateway gateway;
    private CoreServer core;
    private WebSocket socket;

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.abort();
        }
        if (core != null) {
            core.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest(name = "SG_MANAGEMENT_HTTP_CLIENT={0}")
    @ValueSource(strings = {"apache", "url", "crt"})
    void streamCreatedForAConnection_reachesTheWebSocketClientInOrder(String httpClient) throws Exception {
        gateway = LocalGateway.builder().build().start();
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).managementHttpClient(httpClient).build();
        List<JsonNode> chunks = streamThroughTheGateway(config, 50, 500);
        assertThat(chunks.stream().map(e -> e.get("text").asText()).collect(Collectors.joining()))
                .isEqualTo(ChatEngines.demoText(50));
    }

    @Test
    void postsSlowerThanTheWindow_getFewerLargerChunks_withNothingLostOrReordered() throws Exception {
        // every @connections call takes 50 ms; the window is 10 ms; the answer takes 200 ms
        gateway = LocalGateway.builder().faults(Faults.builder().managementLatency(Duration.ofMillis(50)).build()).build()
                .start();
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).coalesceWindow(Duration.ofMillis(10)).build();
        List<JsonNode> chunks = streamThroughTheGateway(config, 200, 1000);
        assertThat(chunks.stream().map(e -> e.get("text").asText()).collect(Collectors.joining()))
                .isEqualTo(ChatEngines.demoText(200));
        // one chunk per 10 ms window would be about 20 posts queued behind each other; held back while a post is on
        // its way, the text leaves in about one chunk per post (200 ms / 50 ms)
        assertThat(chunks).hasSizeLessThanOrEqualTo(8);
    }

    /** Connects a WebSocket client, has a core stream a demo answer to it, checks accepted, seq order and done. */
    private List<JsonNode> streamThroughTheGateway(CoreConfig config, int tokens, int tokensPerSecond) throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        socket = HTTP.newWebSocketBuilder().buildAsync(gateway.webSocketUrl(), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        String connectionId = gateway.awaitConnection(Duration.ofSeconds(10));

        core = CoreServer.start(config);
        String path = "/internal/v1/streams";
        byte[] body = ("{\"connectionId\":\"" + connectionId + "\",\"userId\":\"u1\",\"requestId\":\"r1\",\"message\":\"hi\","
                + "\"options\":{\"firstTokenDelayMs\":0,\"tokens\":" + tokens + ",\"tokensPerSecond\":" + tokensPerSecond + "},"
                + "\"managementEndpoint\":\"" + gateway.managementEndpoint() + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(core.localUri().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.create(config.signing()).sign("POST", path, body).forEach(b::header);
        assertThat(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        assertThat(Json.MAPPER.readTree(take(frames)).get("type").asText()).isEqualTo("accepted");
        List<JsonNode> chunks = new ArrayList<>();
        long seq = 0;
        while (true) {
            JsonNode e = Json.MAPPER.readTree(take(frames));
            if (e.get("type").asText().equals("heartbeat")) {
                continue;
            }
            assertThat(e.get("seq").asLong()).isEqualTo(seq++);
            if (e.get("type").asText().equals("done")) {
                return chunks;
            }
            chunks.add(e);
        }
    }

    private static String take(BlockingQueue<String> frames) throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }
}
