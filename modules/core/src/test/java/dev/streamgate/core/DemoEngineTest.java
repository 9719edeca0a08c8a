package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.protocol.ChatOptions;
import dev.streamgate.protocol.DoneReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The demo engine on its shared clock: whole answers, slow consumers that never hold a clock thread, cancel. */
class DemoEngineTest {

    private final DemoEngine engine = new DemoEngine();

    private static ChatRequest request(long tokens, double rate) {
        return new ChatRequest("s_demo", "u1", "r1", "hello", null,
                ChatOptions.of(Map.of("tokens", tokens, "tokensPerSecond", rate, "firstTokenDelayMs", 0)));
    }

    @Test
    void answer_isTheWholeTextInOrder_thenDoneWithUsage() throws Exception {
        RecordingOutput output = new RecordingOutput();
        engine.start(request(50, 1000), output);
        RecordingOutput.End end = output.awaitEnd();
        assertThat(end.reason()).isEqualTo(DoneReason.COMPLETE);
        assertThat(end.usage().outputTokens()).isEqualTo(50);
        assertThat(output.text()).isEqualTo(DemoEngine.text(50));
    }

    @Test
    void slowConsumers_doNotHoldTheClock_andGetEveryTokenOnceTheyCatchUp() throws Exception {
        // more slow runs than the clock has threads: with a blocking hand-over they would hold every thread
        int slowRuns = Runtime.getRuntime().availableProcessors() * 2 + 1;
        List<SlowOutput> slow = new ArrayList<>();
        for (int i = 0; i < slowRuns; i++) {
            SlowOutput output = new SlowOutput();
            slow.add(output);
            engine.start(request(20, 1000), output);
        }
        for (SlowOutput output : slow) {
            output.awaitRefused(1);
        }
        RecordingOutput fast = new RecordingOutput();
        engine.start(request(20, 1000), fast);
        assertThat(fast.awaitEnd().reason()).isEqualTo(DoneReason.COMPLETE);
        assertThat(fast.text()).isEqualTo(DemoEngine.text(20));
        for (SlowOutput output : slow) {
            assertThat(output.text()).isEmpty();
            output.slow = false;
        }
        for (SlowOutput output : slow) {
            assertThat(output.awaitEnd().reason()).isEqualTo(DoneReason.COMPLETE);
            assertThat(output.text()).isEqualTo(DemoEngine.text(20));
        }
    }

    @Test
    void cancel_stopsTheRunBeforeItsEnd() throws Exception {
        RecordingOutput output = new RecordingOutput();
        EngineRun run = engine.start(request(10, 20), output); // half a second of answer
        run.cancel();
        // bounded wait for an absence: the answer would have ended within the second
        assertThatThrownBy(() -> output.awaitEnd(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(output.text().length()).isLessThan(DemoEngine.text(10).length());
    }

    @Test
    void endedStream_stopsTheRun() throws Exception {
        AtomicInteger offers = new AtomicInteger();
        RecordingOutput ended = new RecordingOutput() {
            @Override
            public Offer offer(String text) {
                offers.incrementAndGet();
                return Offer.ENDED;
            }
        };
        engine.start(request(5, 1000), ended);
        assertThatThrownBy(() -> ended.awaitEnd(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(offers.get()).isEqualTo(1);
    }

    /** Refuses every offer while {@code slow}; counts the refusals. */
    private static class SlowOutput extends RecordingOutput {
        volatile boolean slow = true;
        private final AtomicInteger refused = new AtomicInteger();

        @Override
        public boolean consumerSlow() {
            return slow;
        }

        @Override
        public Offer offer(String text) {
            if (slow) {
                refused.incrementAndGet();
                return Offer.SLOW;
            }
            return super.offer(text);
        }

        void awaitRefused(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (refused.get() < count) {
                assertThat(System.nanoTime()).as("refusals").isLessThan(deadline);
                Thread.sleep(1); // poll with a deadline
            }
        }
    }
}
