package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A core instance dies mid-stream. The client cannot be told (the dead process sends nothing), so it watches:
 * no heartbeat and no chunk within three heartbeat intervals means the stream is dead.
 *
 * <p>What a client should then do: send {@code resume} once (a stream that only lost its connection comes back);
 * an {@code error} answer means the answer is lost with its core, so show what arrived and offer to send the
 * question again (a new {@code requestId}, which lands on a live instance).
 */
class CoreKillIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain().cores(2).heartbeatInterval(HEARTBEAT)
                .require(Capability.KILL_CORE));

    @Test
    void ownerKilledMidStream_clientSeesSilenceWithinTheHeartbeatTimeoutAndResumeIsRefused() {
        try (WsClient client = TARGET.get().connect()) {
            // silent engine: only heartbeats keep the stream visibly alive
            String streamId = Streams.chat(client, DemoAnswer.of(1_000, 10, Duration.ZERO));
            Transcript t = new Transcript(streamId);
            Streams.recordChunks(client, t, 2, Duration.ofSeconds(10));

            TARGET.get().control().killOwnerOf(streamId);
            long killedAt = System.nanoTime();
            Duration deadAfter = TARGET.get().deadAfter();
            boolean dead = false;
            // events already in flight may still arrive; the first silence of deadAfter is the verdict
            while (!dead && System.nanoTime() - killedAt < Duration.ofSeconds(15).toNanos()) {
                Optional<Event> e = client.events().poll(deadAfter);
                if (e.isEmpty()) {
                    dead = true;
                } else {
                    t.record(e.get());
                }
            }
            assertThat(dead).as("silence of %s after the kill", deadAfter).isTrue();
            assertThat(t.finished()).as("a killed core sends no done").isFalse();

            client.send(Frames.resume(streamId, t.lastSeq()));
            Event answer = client.events().await("answer to resume",
                    e -> e.is("error") || e.is("chunk") && streamId.equals(e.streamId()), Streams.ACCEPT_TIMEOUT);
            assertThat(answer.type()).as("resume of a stream whose core died").isEqualTo("error");
            assertThat(answer.code()).isNotBlank();

            // the question can be asked again and lands on the surviving core
            String again = Streams.chat(client, DemoAnswer.of(20, 100, Duration.ZERO));
            Transcript retry = new Transcript(again);
            Streams.follow(client, retry, Duration.ofSeconds(10));
            Streams.assertComplete(retry, 20);
        }
    }
}
