package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mission: an answer far past API Gateway's 29 seconds arrives whole over WebSocket. */
class LongAnswerIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain());

    @Test
    void fortyFiveSecondAnswer_arrivesCompleteOverWebSocket() {
        long tokens = 45 * 20;
        try (WsClient client = TARGET.get().connect()) {
            String streamId = Streams.chat(client, DemoAnswer.of(tokens, 20, Duration.ZERO));
            Transcript t = new Transcript(streamId);

            Streams.follow(client, t, TARGET.get().deadAfter());

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
