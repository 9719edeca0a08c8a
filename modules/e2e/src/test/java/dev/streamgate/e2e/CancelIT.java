package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cancel mid-stream stops the answer with {@code done(cancelled)} and nothing after it. */
class CancelIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain());

    @Test
    void cancelMidStream_endsWithDoneCancelledAndNoMoreChunks() {
        try (WsClient client = TARGET.get().connect()) {
            String streamId = Streams.chat(client, DemoAnswer.of(2_000, 50, Duration.ZERO));
            Transcript t = new Transcript(streamId);
            Streams.recordChunks(client, t, 3, Duration.ofSeconds(10));

            client.send(Frames.cancel(streamId));
            Streams.recordUntil(client, t, "done", e -> e.is("done"), Duration.ofSeconds(10));
            // a ping's pong marks "everything sent before now has arrived": no waiting for an absence
            client.send(Frames.ping());
            Streams.recordUntil(client, t, "pong", e -> e.is("pong"), Duration.ofSeconds(10));

            assertThat(t.done().reason()).isEqualTo("cancelled");
            assertThat(t.problems()).isEmpty();
            assertThat(t.chunks().size()).as("chunks of a 40 s answer cancelled early").isLessThan(2_000);
        }
    }

    @Test
    void cancelFromAnotherConnectionOfTheSameUser_reachesTheStream() {
        try (WsClient first = TARGET.get().connect(); WsClient second = TARGET.get().connect()) {
            String streamId = Streams.chat(first, DemoAnswer.of(2_000, 50, Duration.ZERO));
            Transcript t = new Transcript(streamId);
            Streams.recordChunks(first, t, 2, Duration.ofSeconds(10));

            second.send(Frames.cancel(streamId));
            Streams.recordUntil(first, t, "done", e -> e.is("done"), Duration.ofSeconds(10));

            assertThat(t.done().reason()).isEqualTo("cancelled");
            assertThat(t.problems()).isEmpty();
        }
    }
}
