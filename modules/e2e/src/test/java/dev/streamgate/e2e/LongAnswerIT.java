package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mission: an answer far past API Gateway's 29 seconds arrives whole over WebSocket. */
class LongAnswerIT {

    private static E2eTarget target;

    @BeforeAll
    static void start() {
        target = E2eTargets.open(TargetOptions.plain());
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void fortyFiveSecondAnswer_arrivesCompleteOverWebSocket() {
        long tokens = 45 * 20;
        try (WsClient client = target.connect()) {
            String streamId = Streams.chat(client, DemoAnswer.of(tokens, 20, Duration.ZERO));
            Transcript t = new Transcript(streamId);

            Streams.follow(client, t, target.deadAfter());

            Streams.assertComplete(t, tokens);
            Event first = t.chunks().get(0);
            assertThat(Duration.ofNanos(t.done().receivedNanos() - first.receivedNanos()))
                    .as("the answer really outlived the 29 s integration timeout")
                    .isGreaterThan(Duration.ofSeconds(29));
            assertThat(client.events().history()).as("no API Gateway message such as 'Endpoint request timed out'")
                    .noneMatch(e -> e.is("<untyped>"));
        }
    }
}
