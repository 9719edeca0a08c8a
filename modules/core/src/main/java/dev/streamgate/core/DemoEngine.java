package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.Usage;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine: deterministic text at a settable pace, so users and tests can ask for any answer
 * length and duration (e.g. a 40-second answer) without a model.
 *
 * <p>Per-request options: {@code firstTokenDelayMs} (default 200), {@code tokens} (answer length, default 60),
 * {@code tokensPerSecond} (default 30). Token {@code i} is word {@code i} of a fixed list followed by a space.
 *
 * <p>Every run is driven by one shared clock (a scheduled pool of platform threads, one per core) rather than a
 * thread per run: a virtual thread parking between tokens cost a quarter of the machine at 500 streams of 100
 * tokens/s (unpark, continuation thaw, carrier wake-ups), and a shared clock does the same timing for a timer task
 * per step. A run never blocks a clock thread: it offers its text ({@link EngineOutput#offer}) and, when the
 * consumer is behind, tries again 20 ms later.
 */
final class DemoEngine implements ChatEngine {

    private static final String[] WORDS = ("Streamgate keeps long answers flowing through a WebSocket API, one chunk at a"
            + " time, past the twenty-nine second limit of a buffered gateway; every event carries a sequence number"
            + " so a client that drops can resume exactly where it stopped.").split(" ");

    static final long DEFAULT_FIRST_TOKEN_DELAY_MS = 200;
    static final long DEFAULT_TOKENS = 60;
    static final double DEFAULT_TOKENS_PER_SECOND = 30;
    private static final long SLOW_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final ScheduledThreadPoolExecutor CLOCK =
            BulkThreads.scheduler(Runtime.getRuntime().availableProcessors(), "demo-engine-");

    /** The full answer the demo engine gives for a request of {@code tokens} tokens. */
    static String text(long tokens) {
        StringBuilder out = new StringBuilder();
        for (long i = 0; i < tokens; i++) {
            out.append(token(i));
        }
        return out.toString();
    }

    private static String token(long i) {
        return WORDS[(int) (i % WORDS.length)] + " ";
    }

    @Override
    public EngineRun start(ChatRequest request, EngineOutput output) {
        long firstDelayNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.longOption("firstTokenDelayMs",
                DEFAULT_FIRST_TOKEN_DELAY_MS)));
        long tokens = Math.max(0, request.longOption("tokens", DEFAULT_TOKENS));
        double rate = request.doubleOption("tokensPerSecond", DEFAULT_TOKENS_PER_SECOND);
        long nanosPerToken = rate <= 0 ? 0 : (long) (1e9 / rate);
        Run run = new Run(output, tokens, nanosPerToken, System.nanoTime() + firstDelayNanos);
        run.scheduleAt(run.start);
        return run::cancel;
    }

    /**
     * One answer, driven by the shared clock: each step emits every token that is due, then schedules the next
     * step for the next token's time. Steps of one run never overlap (each schedules the next when it ends).
     */
    private static final class Run implements Runnable {

        private final EngineOutput output;
        private final long tokens;
        private final long nanosPerToken;
        private final long start;
        private final StringBuilder batch = new StringBuilder();
        private long sent;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        Run(EngineOutput output, long tokens, long nanosPerToken, long start) {
            this.output = output;
            this.tokens = tokens;
            this.nanosPerToken = nanosPerToken;
            this.start = start;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            try {
                step();
            } catch (RuntimeException e) {
                // a clock thread must survive any one run; the stream ends with an engine error
                output.failed(new EngineException(ErrorCode.ENGINE_ERROR, "demo engine failed: " + e, false));
            }
        }

        private void step() {
            // emits every token that is due, so high rates do not depend on timer granularity
            long due = nanosPerToken == 0 ? tokens : Math.min(tokens, 1 + (System.nanoTime() - start) / nanosPerToken);
            if (sent < due) {
                batch.setLength(0);
                for (long i = sent; i < due; i++) {
                    batch.append(token(i));
                }
                EngineOutput.Offer offer = output.offer(batch.toString());
                if (offer == EngineOutput.Offer.ENDED) {
                    return;
                }
                if (offer == EngineOutput.Offer.SLOW) {
                    // the consumer is behind: the tokens stay due and go out together once it has caught up
                    scheduleAt(System.nanoTime() + SLOW_RETRY_NANOS);
                    return;
                }
                sent = due;
            }
            if (sent >= tokens) {
                output.done(DoneReason.COMPLETE, new Usage(0, tokens));
                return;
            }
            scheduleAt(start + sent * nanosPerToken);
        }

        void scheduleAt(long deadline) {
            // on a whole millisecond: runs due in the same millisecond go out in one wake-up of a clock thread
            long tick = Math.ceilDiv(deadline, TICK_NANOS) * TICK_NANOS;
            ScheduledFuture<?> task = CLOCK.schedule(this, Math.max(0, tick - System.nanoTime()), TimeUnit.NANOSECONDS);
            next = task;
            if (cancelled) {
                task.cancel(false);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> task = next;
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
