package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.Usage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded engine: deterministic text at a settable pace, so users and tests can ask for any answer
 * length and duration (e.g. a 40-second answer) without a model.
 *
 * <p>Per-request options: {@code firstTokenDelayMs} (default 200), {@code tokens} (answer length, default 60),
 * {@code tokensPerSecond} (default 30). Token {@code i} is word {@code i} of a fixed list followed by a space.
 */
final class DemoEngine implements ChatEngine {

    private static final String[] WORDS = ("Streamgate keeps long answers flowing through a WebSocket API, one chunk at a"
            + " time, past the twenty-nine second limit of a buffered gateway; every event carries a sequence number"
            + " so a client that drops can resume exactly where it stopped.").split(" ");

    static final long DEFAULT_FIRST_TOKEN_DELAY_MS = 200;
    static final long DEFAULT_TOKENS = 60;
    static final double DEFAULT_TOKENS_PER_SECOND = 30;

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
        Thread thread = Thread.ofVirtual().name("demo-" + request.streamId()).unstarted(() -> {
            long start = System.nanoTime() + firstDelayNanos;
            if (!parkUntil(start)) {
                return;
            }
            long sent = 0;
            StringBuilder batch = new StringBuilder();
            while (sent < tokens) {
                // emits every token that is due, so high rates do not depend on sleep granularity
                long due = nanosPerToken == 0 ? tokens : Math.min(tokens, 1 + (System.nanoTime() - start) / nanosPerToken);
                batch.setLength(0);
                for (; sent < due; sent++) {
                    batch.append(token(sent));
                }
                if (!batch.isEmpty() && !output.text(batch.toString())) {
                    return;
                }
                if (sent < tokens && !parkUntil(start + sent * nanosPerToken)) {
                    return;
                }
            }
            output.done(DoneReason.COMPLETE, new Usage(0, tokens));
        });
        thread.start();
        return thread::interrupt;
    }

    private static boolean parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return !Thread.currentThread().isInterrupted();
    }
}
