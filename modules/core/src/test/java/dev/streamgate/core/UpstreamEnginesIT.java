package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.internal.Json;
import dev.streamgate.protocol.ChatOptions;
import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamEnginesIT {

    private static final Duration IDLE = Duration.ofSeconds(5);

    private final ScriptedUpstream upstream;
    private CoreServer core;

    UpstreamEnginesIT() throws Exception {
        upstream = new ScriptedUpstream();
    }

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
        upstream.close();
    }

    private static ChatRequest chat() {
        return new ChatRequest("s_test", "u1", "r1", "hello upstream", "c1", ChatOptions.of(Map.of("temperature", 0.5)));
    }

    @Test
    void upstreamSse_forwardsTheTextAtThePathAndSkipsMalformedEvents() throws Exception {
        upstream.lines("/chat", List.of(
                ": a comment", "data: {\"delta\":{\"text\":\"Hel\"}}", "",
                "data: not json at all", "",
                "garbage line without a colon", "",
                "data: {\"delta\":{\"other\":1}}", "",
                "event: message", "data: {\"delta\":{\"text\":\"lo\"}}", ""));
        RecordingOutput out = new RecordingOutput();
        ChatEngines.upstreamSse(upstream.uri("/chat"), "delta.text", IDLE).start(chat(), out);
        RecordingOutput.End end = out.awaitEnd();
        assertThat(end.reason()).isEqualTo(DoneReason.COMPLETE);
        assertThat(out.text()).isEqualTo("Hello");
        JsonNode sent = Json.MAPPER.readTree(upstream.bodies.take());
        assertThat(sent.get("message").asText()).isEqualTo("hello upstream");
        assertThat(sent.get("conversationId").asText()).isEqualTo("c1");
    }

    @Test
    void upstreamSse_withAnEmptyPath_forwardsRawDataUntilDone() throws Exception {
        upstream.lines("/raw", List.of("data: one ", "", "data: two", "", "data: [DONE]", "", "data: after", ""));
        RecordingOutput out = new RecordingOutput();
        ChatEngines.upstreamSse(upstream.uri("/raw"), "", IDLE).start(chat(), out);
        assertThat(out.awaitEnd().reason()).isEqualTo(DoneReason.COMPLETE);
        assertThat(out.text()).isEqualTo("one two");
    }

    @Test
    void upstreamSse_whenTheUpstreamAnswers500_failsRetryably() throws Exception {
        upstream.status("/err", 500);
        RecordingOutput out = new RecordingOutput();
        ChatEngines.upstreamSse(upstream.uri("/err"), "text", IDLE).start(chat(), out);
        EngineException failure = out.awaitEnd().failure();
        assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_ERROR);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("500");
    }

    @Test
    void openAi_streamsDeltasAndReportsFinishReasonAndUsage() throws Exception {
        upstream.lines("/v1/chat/completions", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}", "",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}", "",
                "data: {broken json", "",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}", "",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}", "",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}", "",
                "data: [DONE]", ""));
        RecordingOutput out = new RecordingOutput();
        ChatEngines.openAi(upstream.base(), "sk-test", "test-model", IDLE).start(chat(), out);
        RecordingOutput.End end = out.awaitEnd();
        assertThat(out.text()).isEqualTo("Hi there");
        assertThat(end.reason()).isEqualTo(DoneReason.LENGTH);
        assertThat(end.usage().inputTokens()).isEqualTo(3);
        assertThat(end.usage().outputTokens()).isEqualTo(2);
        JsonNode sent = Json.MAPPER.readTree(upstream.bodies.take());
        assertThat(sent.get("model").asText()).isEqualTo("test-model");
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("hello upstream");
        assertThat(upstream.authorizations.take()).isEqualTo("Bearer sk-test");
    }

    @Test
    void openAi_whenTheKeyIsRefused_failsWithoutRetry() throws Exception {
        upstream.status("/v1/chat/completions", 401);
        RecordingOutput out = new RecordingOutput();
        ChatEngines.openAi(upstream.base() + "/v1", "bad", "m", IDLE).start(chat(), out);
        EngineException failure = out.awaitEnd().failure();
        assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_ERROR);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("401").doesNotContain("bad");
    }

    @Test
    void openAi_whenTheStreamEndsWithoutFinishing_fails() throws Exception {
        upstream.lines("/v1/chat/completions", List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}", ""));
        RecordingOutput out = new RecordingOutput();
        ChatEngines.openAi(upstream.base(), "", "m", IDLE).start(chat(), out);
        assertThat(out.awaitEnd().failure().code()).isEqualTo(ErrorCode.ENGINE_ERROR);
    }

    @Test
    void upstreamThatStalls_keepsHeartbeatsFlowingThenEndsWithATimeoutError() throws Exception {
        upstream.linesThenStall("/stall", List.of("data: {\"text\":\"first\"}", ""));
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).heartbeatInterval(Duration.ofMillis(100))
                .engine("upstream-sse").upstreamUrl(upstream.uri("/stall").toString()).upstreamIdleTimeout(IDLE).build();
        core = CoreServer.start(config);
        String token = TokenIssuer.forConfig(config.jwt()).issue("u1");
        try (SseTestClient client = SseTestClient.post(core.localUri(), "{\"message\":\"hi\"}", token)) {
            List<SseTestClient.Event> all = client.readToEnd(Duration.ofSeconds(10));
            assertThat(all.stream().filter(SseTestClient.Event::isComment)).isNotEmpty();
            List<SseTestClient.Event> events = all.stream().filter(e -> !e.isComment()).toList();
            assertThat(events).extracting(SseTestClient.Event::event).containsExactly("accepted", "chunk", "error");
            SseTestClient.Event last = events.getLast();
            assertThat(last.event()).isEqualTo("error");
            JsonNode error = Json.MAPPER.readTree(last.data());
            assertThat(error.get("code").asText()).isEqualTo("timeout");
            assertThat(error.get("retryable").asBoolean()).isTrue();
        }
    }
}
