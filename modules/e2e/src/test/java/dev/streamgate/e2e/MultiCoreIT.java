package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two core instances: chats spread over both; a resume or cancel on a new connection reaches the owner through
 * the stream record, whichever instance the request would otherwise land on.
 */
class MultiCoreIT {

    private static E2eTarget target;

    @BeforeAll
    static void start() {
        target = E2eTargets.open(TargetOptions.plain().cores(2));
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void resumeOnANewConnection_reachesTheOwnerOfEachStream() {
        long tokens = 3 * 40;
        Map<Integer, Transcript> byOwner = new HashMap<>();
        try (WsClient client = target.connect()) {
            for (int i = 0; i < 8 && byOwner.size() < 2; i++) {
                String streamId = Streams.chat(client, DemoAnswer.of(tokens, 40, Duration.ZERO));
                byOwner.putIfAbsent(target.control().ownerIndexOf(streamId), new Transcript(streamId));
            }
            assertThat(byOwner).as("streams owned by each core").containsOnlyKeys(0, 1);
            // nothing recorded on this connection: each resume replays from the start
            client.abort();
        }
        for (Transcript t : byOwner.values()) {
            try (WsClient again = target.connect()) {
                again.send(Frames.resume(t.streamId(), t.lastSeq()));
                Streams.follow(again, t, target.deadAfter());
            }
            Streams.assertComplete(t, tokens);
        }
    }

    @Test
    void cancelOnANewConnection_reachesTheOwnerOfEachStream() {
        try (WsClient client = target.connect(); WsClient other = target.connect()) {
            Map<Integer, Transcript> byOwner = new HashMap<>();
            for (int i = 0; i < 8 && byOwner.size() < 2; i++) {
                String streamId = Streams.chat(client, DemoAnswer.of(2_000, 40, Duration.ZERO));
                byOwner.putIfAbsent(target.control().ownerIndexOf(streamId), new Transcript(streamId));
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
