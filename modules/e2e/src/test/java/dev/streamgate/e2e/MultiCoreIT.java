package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two core instances: chats spread over both; a resume or cancel on a new connection reaches the owner through
 * the stream record, whichever instance the request would otherwise land on.
 */
class MultiCoreIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain().cores(2));

    @Test
    void resumeOnANewConnection_reachesTheOwnerOfEachStream() {
        long tokens = 3 * 40;
        Map<Integer, Transcript> byOwner = new HashMap<>();
        try (WsClient client = TARGET.get().connect()) {
            for (int i = 0; i < 8 && byOwner.size() < 2; i++) {
                String streamId = Streams.chat(client, DemoAnswer.of(tokens, 40, Duration.ZERO));
                byOwner.putIfAbsent(TARGET.get().control().ownerIndexOf(streamId), new Transcript(streamId));
            }
            assertThat(byOwner).as("streams owned by each core").containsOnlyKeys(0, 1);
            // nothing recorded on this connection: each resume replays from the start
            client.abort();
        }
        for (Transcript t : byOwner.values()) {
            try (WsClient again = TARGET.get().connect()) {
                again.send(Frames.resume(t.streamId(), t.lastSeq()));
                Streams.follow(again, t, TARGET.get().deadAfter());
            }
            Streams.assertComplete(t, tokens);
        }
    }

    @Test
    void cancelOnANewConnection_reachesTheOwnerOfEachStream() {
        try (WsClient client = TARGET.get().connect(); WsClient other = TARGET.get().connect()) {
            Map<Integer, Transcript> byOwner = new HashMap<>();
            for (int i = 0; i < 8 && byOwner.size() < 2; i++) {
                String streamId = Streams.chat(client, DemoAnswer.of(2_000, 40, Duration.ZERO));
                byOwner.putIfAbsent(TARGET.get().control().ownerIndexOf(streamId), new Transcript(streamId));
            }
            assertThat(byOwner).containsOnlyKeys(0, 1);
            for (Transcript t : byOwner.values()) {
                other.send(Frames.cancel(t.streamId()));
            }
            client.events().await("done of every cancelled stream", e -> {
                byOwner.values().forEach(t -> t.record(e));
                return byOwner.values().stream().allMatch(Transcript::finished);
            }, Duration.ofSeconds(15));
            for (Transcript t : byOwner.values()) {
                assertThat(t.done().reason()).isEqualTo("cancelled");
            }
        }
    }
}
