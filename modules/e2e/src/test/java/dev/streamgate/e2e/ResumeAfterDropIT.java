package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drops the client's socket at 100 seeded random points across several streams; after each drop the client
 * reconnects and sends {@code resume} with the last seq it saw. Every stream must end whole: no gap, no duplicate.
 */
class ResumeAfterDropIT {

    /** Change to explore; a failure message prints it so a run can be replayed. */
    private static final long SEED = Long.getLong("sg.e2e.seed", 20261125L);
    private static final int DROPS = 100;
    private static final long TOKENS = 400;

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain());

    @Test
    void hundredRandomDrops_everyStreamResumesWithNothingLostOrDuplicated() {
        Random random = new Random(SEED);
        int drops = 0;
        List<Transcript> done = new ArrayList<>();
        while (drops < DROPS) {
            WsClient client = TARGET.get().connect();
            String streamId = Streams.chat(client, DemoAnswer.of(TOKENS, 300, Duration.ZERO));
            Transcript t = new Transcript(streamId);
            while (drops < DROPS) {
                // 0 drops before the first chunk, so resume from -1 is exercised too
                Streams.recordChunks(client, t, random.nextInt(4), Duration.ofSeconds(10));
                if (t.finished()) {
                    break;
                }
                client.abort();
                drops++;
                client = TARGET.get().connect();
                client.send(Frames.resume(streamId, t.lastSeq()));
            }
            Streams.follow(client, t, TARGET.get().deadAfter());
            client.close();
            assertThat(t.problems()).as("seed %d, stream %s", SEED, streamId).isEmpty();
            Streams.assertComplete(t, TOKENS);
            done.add(t);
        }
        assertThat(done).as("streams needed for %d drops", DROPS).isNotEmpty();
    }
}
