package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A short request over SSE turns out long: the budget ends the response with {@code handoff}; WebSocket finishes it. */
class SseHandoffIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain().sseBudget(Duration.ofSeconds(2)));

    @Test
    void sseBudgetRunsOut_handoffThenWebSocketResumeDeliversTheRest() {
        long tokens = 5 * 40;
        String requestId = Streams.requestId();
        Transcript t;
        Event handoff;
        try (SseClient sse = SseClient.post(TARGET.get().sseUrl(), TARGET.get().token(),
                Frames.sseChat(requestId, "a long one", DemoAnswer.of(tokens, 40, Duration.ZERO)))) {
            assertThat(sse.status()).isEqualTo(200);
            Event accepted = sse.events().next(Streams.ACCEPT_TIMEOUT);
            assertThat(accepted.type()).isEqualTo("accepted");
            t = new Transcript(accepted.streamId());
            handoff = sse.events().await("handoff", e -> {
                t.record(e);
                return e.is("handoff") || e.is("done");
            }, Duration.ofSeconds(15));
            assertThat(handoff.type()).as("the budget ends the response before the answer").isEqualTo("handoff");
            sse.finished().join();
        }
        assertThat(Long.parseLong(handoff.text("lastSeq")))
                .as("handoff's lastSeq is the last chunk the SSE client got").isEqualTo(t.lastSeq());

        try (WsClient client = TARGET.get().connect()) {
            client.send(Frames.resume(t.streamId(), Long.parseLong(handoff.text("lastSeq"))));
            Streams.follow(client, t, TARGET.get().deadAfter());
        }
        Streams.assertComplete(t, tokens);
    }
}
