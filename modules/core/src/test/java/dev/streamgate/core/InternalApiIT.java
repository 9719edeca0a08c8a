package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.auth.RequestSigner;
import dev.streamgate.core.internal.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InternalApiIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ScriptedConnections connections;
    private CoreServer core;
    private RequestSigner signer;

    InternalApiIT() throws Exception {
        connections = new ScriptedConnections();
    }

    @AfterEach
    void stop() {
        if (core != null) {
            core.close();
        }
        connections.close();
    }

    private void start(ChatEngine engine) {
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).coalesceWindow(Duration.ZERO)
                .heartbeatInterval(Duration.ofSeconds(30)).gracePeriod(Duration.ofMillis(500)).postMaxAttempts(5).build();
        core = engine == null ? CoreServer.start(config) : CoreServer.start(config, engine);
        signer = RequestSigner.create(config.signing());
    }

    private HttpResponse<String> call(String path, String json, boolean signed) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(core.localUri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signed) {
            signer.sign("POST", path, body).forEach(b::header);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String create(String connectionId, String requestId, String options) throws Exception {
        HttpResponse<String> r = call("/internal/v1/streams", "{\"connectionId\":\"" + connectionId + "\",\"userId\":\"u1\","
                + "\"requestId\":\"" + requestId + "\",\"message\":\"hi\",\"options\":" + options + ",\"managementEndpoint\":\""
                + connections.endpoint() + "\"}", true);
        assertThat(r.statusCode()).isEqualTo(202);
        return Json.MAPPER.readTree(r.body()).get("streamId").asText();
    }

    private JsonNode next(String connectionId) throws Exception {
        return Json.MAPPER.readTree(connections.next(connectionId));
    }

    /** Reads chunks up to done, checking seq order, and returns the text. */
    private String textUntilDone(String connectionId, long firstSeq) throws Exception {
        StringBuilder text = new StringBuilder();
        long seq = firstSeq;
        while (true) {
            JsonNode e = next(connectionId);
            if (e.get("type").asText().equals("heartbeat")) {
                continue;
            }
            assertThat(e.get("seq").asLong()).isEqualTo(seq++);
            if (e.get("type").asText().equals("done")) {
                return text.toString();
            }
            text.append(e.get("text").asText());
        }
    }

    @Test
    void createStream_postsAcceptedThenEveryChunkInOrderThenDone_andARepeatStartsNothing() throws Exception {
        start(null);
        String streamId = create("c1", "r1", "{\"firstTokenDelayMs\":0,\"tokens\":40,\"tokensPerSecond\":2000}");
        assertThat(create("c1", "r1", "{}")).isEqualTo(streamId);
        JsonNode accepted = next("c1");
        assertThat(accepted.get("type").asText()).isEqualTo("accepted");
        assertThat(accepted.get("streamId").asText()).isEqualTo(streamId);
        assertThat(textUntilDone("c1", 0)).isEqualTo(ChatEngines.demoText(40));
        assertThat(create("c1", "r1", "{}")).isEqualTo(streamId);
        assertThat(connections.quiet("c1", 300)).isTrue();
    }

    @Test
    void repeatedChatFromAnotherConnection_getsAcceptedAndTheWholeAnswerThere() throws Exception {
        start(null);
        String streamId = create("c1", "r1", "{\"firstTokenDelayMs\":0,\"tokens\":40,\"tokensPerSecond\":400}");
        assertThat(next("c1").get("type").asText()).isEqualTo("accepted");

        assertThat(create("c2", "r1", "{}")).isEqualTo(streamId);
        JsonNode accepted = next("c2");
        assertThat(accepted.get("type").asText()).isEqualTo("accepted");
        assertThat(accepted.get("streamId").asText()).isEqualTo(streamId);
        assertThat(accepted.get("requestId").asText()).isEqualTo("r1");
        assertThat(textUntilDone("c2", 0)).isEqualTo(ChatEngines.demoText(40));
    }

    @Test
    void unsignedOrTamperedCalls_areRefusedWith401() throws Exception {
        start(new ManualEngine());
        HttpResponse<String> unsigned = call("/internal/v1/streams", "{}", false);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(unsigned.body()).get("code").asText()).isEqualTo("unauthorized");
        byte[] body = "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.sign("POST", "/internal/v1/streams/s_x/cancel", body);
        HttpRequest.Builder b = HttpRequest.newBuilder(core.localUri().resolve("/internal/v1/streams/s_x/cancel"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u2\"}"));
        headers.forEach(b::header);
        assertThat(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void attach_replaysAfterLastSeqExactlyOnceThenGoesLive() throws Exception {
        ManualEngine engine = new ManualEngine();
        start(engine);
        String streamId = create("c1", "r1", "{}");
        assertThat(engine.started.await(5, TimeUnit.SECONDS)).isTrue();
        engine.output.text("a");
        engine.output.text("b");
        engine.output.text("c");
        assertThat(next("c1").get("type").asText()).isEqualTo("accepted");
        for (int i = 0; i < 3; i++) {
            assertThat(next("c1").get("seq").asLong()).isEqualTo(i);
        }
        HttpResponse<String> r = call("/internal/v1/streams/" + streamId + "/attach", "{\"connectionId\":\"c2\",\"userId\":\"u1\","
                + "\"lastSeq\":0,\"managementEndpoint\":\"" + connections.endpoint() + "\"}", true);
        assertThat(r.statusCode()).isEqualTo(202);
        engine.output.text("d");
        engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
        assertThat(textUntilDone("c2", 1)).isEqualTo("bcd");
        assertThat(connections.quiet("c1", 200)).isTrue();
    }

    @Test
    void cancel_endsWithDoneCancelled_andUnknownOrForeignStreamsAreRefused() throws Exception {
        ManualEngine engine = new ManualEngine();
        start(engine);
        String streamId = create("c1", "r1", "{}");
        assertThat(call("/internal/v1/streams/nope/cancel", "{\"userId\":\"u1\"}", true).statusCode()).isEqualTo(404);
        assertThat(call("/internal/v1/streams/" + streamId + "/cancel", "{\"userId\":\"u2\"}", true).statusCode()).isEqualTo(403);
        assertThat(call("/internal/v1/streams/" + streamId + "/cancel", "{\"userId\":\"u1\"}", true).statusCode()).isEqualTo(202);
        assertThat(next("c1").get("type").asText()).isEqualTo("accepted");
        JsonNode done = next("c1");
        assertThat(done.get("type").asText()).isEqualTo("done");
        assertThat(done.get("reason").asText()).isEqualTo("cancelled");
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void connectionGone_detachesAndTheGracePeriodThenCancels() throws Exception {
        ManualEngine engine = new ManualEngine();
        start(engine);
        String streamId = create("c1", "r1", "{}");
        assertThat(call("/internal/v1/connections/c1/gone", "{}", true).statusCode()).isEqualTo(202);
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(core.registry().find(streamId).orElseThrow().state()).isEqualTo(StreamSession.State.ENDED);
    }

    @Test
    void throttlingAndServerErrors_areRetriedWithoutLossOrReordering() throws Exception {
        start(null);
        connections.fail("c1", 429, 500, 429, 503);
        create("c1", "r1", "{\"firstTokenDelayMs\":0,\"tokens\":30,\"tokensPerSecond\":3000}");
        assertThat(next("c1").get("type").asText()).isEqualTo("accepted");
        assertThat(textUntilDone("c1", 0)).isEqualTo(ChatEngines.demoText(30));
    }

    @Test
    void gone410_detachesTheStreamWhichAResumeCanPickUp() throws Exception {
        ManualEngine engine = new ManualEngine();
        start(engine);
        connections.failAlways("c1", 410);
        String streamId = create("c1", "r1", "{}");
        assertThat(engine.started.await(5, TimeUnit.SECONDS)).isTrue();
        StreamSession session = core.registry().find(streamId).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (session.hasSink() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval, bounded by the deadline
        }
        assertThat(session.hasSink()).isFalse();
        engine.output.text("x");
        call("/internal/v1/streams/" + streamId + "/attach", "{\"connectionId\":\"c2\",\"userId\":\"u1\",\"lastSeq\":-1,"
                + "\"managementEndpoint\":\"" + connections.endpoint() + "\"}", true);
        assertThat(next("c2").get("text").asText()).isEqualTo("x");
    }

    @Test
    void sseHandoff_thenResumeOverWebSocket_continuesAfterLastSeq() throws Exception {
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).coalesceWindow(Duration.ZERO)
                .sseBudget(Duration.ofMillis(300)).gracePeriod(Duration.ofSeconds(10)).build();
        core = CoreServer.start(config);
        signer = RequestSigner.create(config.signing());
        String token = dev.streamgate.auth.TokenIssuer.forConfig(config.jwt()).issue("u1");
        String body = "{\"message\":\"hi\",\"options\":{\"firstTokenDelayMs\":0,\"tokens\":60,\"tokensPerSecond\":60}}";
        long lastSeq;
        String streamId;
        StringBuilder text = new StringBuilder();
        try (SseTestClient client = SseTestClient.post(core.localUri(), body, token)) {
            java.util.List<SseTestClient.Event> events = client.readToEnd(Duration.ofSeconds(10)).stream()
                    .filter(e -> !e.isComment()).toList();
            JsonNode handoff = Json.MAPPER.readTree(events.getLast().data());
            assertThat(events.getLast().event()).isEqualTo("handoff");
            lastSeq = handoff.get("lastSeq").asLong();
            streamId = handoff.get("streamId").asText();
            for (SseTestClient.Event e : events.subList(1, events.size() - 1)) {
                text.append(Json.MAPPER.readTree(e.data()).get("text").asText());
            }
        }
        HttpResponse<String> r = call("/internal/v1/streams/" + streamId + "/attach", "{\"connectionId\":\"ws1\",\"userId\":\"u1\","
                + "\"lastSeq\":" + lastSeq + ",\"managementEndpoint\":\"" + connections.endpoint() + "\"}", true);
        assertThat(r.statusCode()).isEqualTo(202);
        text.append(textUntilDone("ws1", lastSeq + 1));
        assertThat(text.toString()).isEqualTo(ChatEngines.demoText(60));
    }

    @Test
    void forbidden403_endsTheStream() throws Exception {
        ManualEngine engine = new ManualEngine();
        start(engine);
        connections.failAlways("c1", 403);
        create("c1", "r1", "{}");
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
