package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.internal.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final JwtConfig JWT = JwtConfig.builder().secret(JwtConfig.LOCAL_SECRET).build();
    private static final String TOKEN = TokenIssuer.forConfig(JWT).issue("user-1");

    private CoreServer core;

    private CoreConfig.Builder config() {
        return CoreConfig.builder().host("127.0.0.1").port(0).heartbeatInterval(Duration.ofMillis(100))
                .gracePeriod(Duration.ofMillis(300)).jwt(JWT);
    }

    @AfterEach
    void stop() {
        if (core != null) {
            core.close();
        }
    }

    private static JsonNode json(SseTestClient.Event e) throws Exception {
        return Json.MAPPER.readTree(e.data());
    }

    @Test
    void chatOverSse_deliversAcceptedBeforeTheEngineProducesAnything() throws Exception {
        ManualEngine engine = new ManualEngine();
        core = CoreServer.start(config().build(), engine);
        try (SseTestClient client = SseTestClient.post(core.localUri(), "{\"requestId\":\"r1\",\"message\":\"hi\"}", TOKEN)) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
            SseTestClient.Event accepted = client.nextEvent(WAIT);
            assertThat(accepted.event()).isEqualTo("accepted");
            assertThat(accepted.id()).isNull();
            assertThat(json(accepted).get("requestId").asText()).isEqualTo("r1");
            String streamId = json(accepted).get("streamId").asText();

            assertThat(engine.started.await(5, TimeUnit.SECONDS)).isTrue();
            engine.output.text("Hello");
            SseTestClient.Event chunk = client.nextEvent(WAIT);
            assertThat(chunk.event()).isEqualTo("chunk");
            assertThat(chunk.id()).isEqualTo("0");
            assertThat(json(chunk).get("text").asText()).isEqualTo("Hello");
            assertThat(json(chunk).get("streamId").asText()).isEqualTo(streamId);
            engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
            SseTestClient.Event done = client.nextEvent(WAIT);
            assertThat(done.event()).isEqualTo("done");
            assertThat(done.id()).isEqualTo("1");
            assertThat(json(done).get("reason").asText()).isEqualTo("complete");
            assertThat(client.nextEvent(WAIT)).isSameAs(SseTestClient.END);
        }
    }

    @Test
    void chatOverSse_withTheDemoEngine_deliversTheWholeAnswerInOrder() throws Exception {
        core = CoreServer.start(config().build());
        String body = "{\"message\":\"hi\",\"options\":{\"firstTokenDelayMs\":0,\"tokens\":300,\"tokensPerSecond\":5000}}";
        try (SseTestClient client = SseTestClient.post(core.localUri(), body, TOKEN)) {
            List<SseTestClient.Event> events = client.readToEnd(WAIT).stream().filter(e -> !e.isComment()).toList();
            assertThat(events.getFirst().event()).isEqualTo("accepted");
            assertThat(events.getLast().event()).isEqualTo("done");
            StringBuilder text = new StringBuilder();
            long expectedSeq = 0;
            for (SseTestClient.Event e : events.subList(1, events.size() - 1)) {
                assertThat(e.event()).isEqualTo("chunk");
                assertThat(e.id()).isEqualTo(Long.toString(expectedSeq++));
                text.append(json(e).get("text").asText());
            }
            assertThat(text.toString()).isEqualTo(ChatEngines.demoText(300));
        }
    }

    @Test
    void chatOverSse_whileTheEngineIsSilent_sendsCommentHeartbeats() throws Exception {
        ManualEngine engine = new ManualEngine();
        core = CoreServer.start(config().build(), engine);
        try (SseTestClient client = SseTestClient.post(core.localUri(), "{\"message\":\"hi\"}", TOKEN)) {
            assertThat(client.next(WAIT).event()).isEqualTo("accepted");
            assertThat(client.next(WAIT).comment()).isEqualTo("heartbeat");
            assertThat(client.next(WAIT).comment()).isEqualTo("heartbeat");
            engine.output.done(dev.streamgate.protocol.DoneReason.COMPLETE, null);
        }
    }

    @Test
    void chatOverSse_whenTheBudgetRunsOut_sendsHandoffAndTheStreamStaysResumable() throws Exception {
        core = CoreServer.start(config().sseBudget(Duration.ofMillis(300)).gracePeriod(Duration.ofSeconds(10)).build());
        String body = "{\"message\":\"hi\",\"options\":{\"firstTokenDelayMs\":0,\"tokens\":100000,\"tokensPerSecond\":200}}";
        try (SseTestClient client = SseTestClient.post(core.localUri(), body, TOKEN)) {
            List<SseTestClient.Event> events = client.readToEnd(WAIT).stream().filter(e -> !e.isComment()).toList();
            SseTestClient.Event handoff = events.getLast();
            assertThat(handoff.event()).isEqualTo("handoff");
            long lastSeq = json(handoff).get("lastSeq").asLong();
            // the handoff names the last seq this response carried (0 when a loaded machine used the whole budget
            // before the first chunk)
            String lastIdSent = events.stream().filter(e -> e.id() != null).reduce((a, b) -> b).map(SseTestClient.Event::id)
                    .orElse("0");
            assertThat(lastIdSent).isEqualTo(Long.toString(lastSeq));
            String streamId = json(handoff).get("streamId").asText();

            StreamSession session = core.registry().find(streamId).orElseThrow();
            assertThat(session.state()).isEqualTo(StreamSession.State.RUNNING);
            RecordingSink resumed = new RecordingSink(Duration.ZERO);
            session.attach(resumed, lastSeq);
            assertThat(resumed.next().seq()).isEqualTo(lastSeq + 1);
            session.cancel();
        }
    }

    @Test
    void clientDisconnect_detachesAndCancelsTheEngineAfterTheGracePeriod() throws Exception {
        ManualEngine engine = new ManualEngine();
        core = CoreServer.start(config().build(), engine);
        byte[] body = "{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", core.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/chat/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("event: accepted")) {
                int b = in.read();
                assertThat(b).isNotNegative();
                seen.append((char) b);
            }
        }
        assertThat(engine.started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.output.text("late")).isFalse();
    }

    @Test
    void badRequests_getA4xxWithATypedJsonError() throws Exception {
        core = CoreServer.start(config().maxRequestBytes(1000).build());
        assertError(SseTestClient.postForString(core.localUri(), "application/json", "{not json", TOKEN), 400, "invalid_json");
        assertError(SseTestClient.postForString(core.localUri(), "text/plain", "{\"message\":\"hi\"}", TOKEN), 415,
                "unsupported_media_type");
        assertError(SseTestClient.postForString(core.localUri(), null, "{\"message\":\"hi\"}", TOKEN), 415,
                "unsupported_media_type");
        assertError(SseTestClient.postForString(core.localUri(), "application/json", "{\"requestId\":\"r\"}", TOKEN), 400,
                "missing_field");
        assertError(SseTestClient.postForString(core.localUri(), "application/json", "[1]", TOKEN), 400, "not_an_object");
        assertError(SseTestClient.postForString(core.localUri(), "application/json",
                "{\"message\":\"" + "x".repeat(2000) + "\"}", TOKEN), 413, "payload_too_large");
    }

    @Test
    void missingBadExpiredOrWrongAudienceTokens_areRefusedWith401() throws Exception {
        core = CoreServer.start(config().build());
        String chat = "{\"message\":\"hi\"}";
        String otherSecret = TokenIssuer.forConfig(JwtConfig.builder().secret("another-secret-that-is-long-enough-0123456789")
                .build()).issue("user-1");
        String expired = TokenIssuer.forConfig(JWT).issue("user-1", Duration.ofMinutes(-10));
        String wrongAudience = TokenIssuer.forConfig(JWT.toBuilder().audience("someone-else").build()).issue("user-1");
        for (String token : new String[] {null, "not-a-jwt", otherSecret, expired, wrongAudience}) {
            HttpResponse<String> r = SseTestClient.postForString(core.localUri(), "application/json", chat, token);
            assertError(r, 401, "unauthorized");
            assertThat(r.body()).doesNotContain(token == null ? "\u0000" : token);
        }
        assertThat(core.registry().size()).isZero();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("retryable").isBoolean()).isTrue();
    }

    @Test
    void health_answersOk() throws Exception {
        core = CoreServer.start(config().build());
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(core.localUri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"");
    }
}
