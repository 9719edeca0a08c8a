package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad frames of every kind sent mid-stream: each gets a typed {@code error}; the stream goes on to the end. */
class BadFramesIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain());

    private static Map<String, String> badFrames() {
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("not JSON", "hello there");
        frames.put("truncated JSON", "{\"action\":\"chat\",");
        frames.put("JSON array", "[1,2,3]");
        frames.put("JSON string", "\"chat\"");
        frames.put("no action", "{\"requestId\":\"r1\",\"message\":\"hi\"}");
        frames.put("unknown action", "{\"action\":\"fly\"}");
        frames.put("action not a string", "{\"action\":42}");
        frames.put("chat without message", "{\"action\":\"chat\",\"requestId\":\"r-nomsg\"}");
        frames.put("chat without requestId", "{\"action\":\"chat\",\"message\":\"hi\"}");
        frames.put("chat with empty message", "{\"action\":\"chat\",\"requestId\":\"r-empty\",\"message\":\"\"}");
        frames.put("chat message mistyped", "{\"action\":\"chat\",\"requestId\":\"r-num\",\"message\":42}");
        frames.put("chat requestId bad format", "{\"action\":\"chat\",\"requestId\":\"" + "x".repeat(500)
                + "\",\"message\":\"hi\"}");
        frames.put("cancel without streamId", "{\"action\":\"cancel\"}");
        frames.put("resume lastSeq mistyped", "{\"action\":\"resume\",\"streamId\":\"s-1\",\"lastSeq\":\"ten\"}");
        frames.put("resume lastSeq below -1", "{\"action\":\"resume\",\"streamId\":\"s-1\",\"lastSeq\":-5}");
        frames.put("resume unknown stream", Frames.resume("s-does-not-exist-0000", -1));
        frames.put("cancel unknown stream", Frames.cancel("s-does-not-exist-0000"));
        frames.put("chat requestId with spaces", "{\"action\":\"chat\",\"requestId\":\"r 1\",\"message\":\"hi\"}");
        frames.put("chat options not an object", "{\"action\":\"chat\",\"requestId\":\"r-opt\",\"message\":\"hi\","
                + "\"options\":\"fast\"}");
        return frames;
    }

    @Test
    void everyKindOfBadFrameMidStream_getsATypedErrorAndTheStreamGoesOn() {
        long tokens = 6 * 30;
        try (WsClient client = TARGET.get().connect()) {
            String streamId = Streams.chat(client, DemoAnswer.of(tokens, 30, Duration.ZERO));
            Transcript t = new Transcript(streamId);
            Streams.recordChunks(client, t, 1, Duration.ofSeconds(10));

            List<String> codes = new ArrayList<>();
            for (Map.Entry<String, String> bad : badFrames().entrySet()) {
                client.send(bad.getValue());
                Event error = Streams.recordUntil(client, t, "error for " + bad.getKey(), e -> e.is("error"),
                        Duration.ofSeconds(10));
                assertThat(error.code()).as("code for %s", bad.getKey()).matches("[a-z][a-z_]*");
                assertThat(error.text("message")).as("message for %s", bad.getKey()).isNotBlank();
                assertThat(error.json().has("retryable")).as("retryable for %s", bad.getKey()).isTrue();
                codes.add(bad.getKey() + " -> " + error.code());
            }
            client.send(Frames.ping());
            Streams.recordUntil(client, t, "pong", e -> e.is("pong"), Duration.ofSeconds(10));

            Streams.follow(client, t, TARGET.get().deadAfter());
            Streams.assertComplete(t, tokens);
            assertThat(codes).hasSize(badFrames().size());
        }
    }

    /**
     * A frame over both the 32 KB frame limit and the 128 KB message limit: API Gateway closes with 1009. (A frame of
     * 33 KB should close it too; the local gateway sees Tyrus's partial reads rather than frames, so this scenario
     * uses a size both rules refuse.)
     */
    @Test
    void frameOverTheSizeLimits_closesTheSocketWith1009AndTheStreamResumesOnANewOne() {
        long tokens = 4 * 30;
        WsClient client = TARGET.get().connect();
        String streamId = Streams.chat(client, DemoAnswer.of(tokens, 30, Duration.ZERO));
        Transcript t = new Transcript(streamId);
        Streams.recordChunks(client, t, 1, Duration.ofSeconds(10));

        client.send("{\"action\":\"chat\",\"requestId\":\"r-huge\",\"message\":\"" + "z".repeat(140_000) + "\"}");
        Event closed = Streams.recordUntil(client, t, "close", e -> e.is(Event.CLOSED), Duration.ofSeconds(10));
        assertThat(closed.code()).isEqualTo("1009");

        try (WsClient again = TARGET.get().connect()) {
            again.send(Frames.resume(streamId, t.lastSeq()));
            Streams.follow(again, t, TARGET.get().deadAfter());
        }
        Streams.assertComplete(t, tokens);
    }

    @Test
    void resumeOrCancelOfAnotherUsersStream_isRefusedAndTheOwnersStreamGoesOn() {
        E2eTarget local = TARGET.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(local.can(Capability.SECOND_USER),
                "needs a second user's token (SG_E2E_TOKEN_2)");
        long tokens = 3 * 30;
        try (WsClient owner = local.connect(); WsClient intruder = local.connectAsOtherUser()) {
            String streamId = Streams.chat(owner, DemoAnswer.of(tokens, 30, Duration.ZERO));
            intruder.send(Frames.resume(streamId, -1));
            Event e1 = intruder.events().awaitType("error", Duration.ofSeconds(10));
            intruder.send(Frames.cancel(streamId));
            Event e2 = intruder.events().awaitType("error", Duration.ofSeconds(10));
            assertThat(e1.code()).isNotBlank();
            assertThat(e2.code()).isNotBlank();
            assertThat(intruder.events().history()).noneMatch(e -> e.is("chunk"));

            Transcript t = new Transcript(streamId);
            Streams.follow(owner, t, local.deadAfter());
            Streams.assertComplete(t, tokens);
        }
    }
}
