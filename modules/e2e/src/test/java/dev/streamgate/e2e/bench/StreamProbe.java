package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Event;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Follows one demo stream on one connection without keeping its events: counts chunks and tokens and measures
 * each chunk's added latency, i.e. receive time minus the time the demo engine was due to emit the chunk's last
 * token. The engine's start is taken as the {@code accepted} receive time (the core sends {@code accepted} before
 * it starts the engine), so the figure slightly understates the real added latency.
 */
final class StreamProbe implements Consumer<Event> {

    private final double tokensPerSecond;
    private final long[] added;
    private final CountDownLatch accepted = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long acceptedNanos;
    private volatile long firstChunkNanos;
    private volatile long lastChunkNanos;
    private int chunks;
    private long tokens;
    private volatile String error;

    StreamProbe(double tokensPerSecond, int maxChunks) {
        this.tokensPerSecond = tokensPerSecond;
        this.added = new long[maxChunks];
    }

    @Override
    public void accept(Event e) {
        switch (e.type()) {
            case "accepted" -> {
                acceptedNanos = e.receivedNanos();
                accepted.countDown();
            }
            case "chunk" -> {
                String text = e.chunkText();
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == ' ') {
                        tokens++;
                    }
                }
                long due = acceptedNanos + (long) ((tokens - 1) * 1e9 / tokensPerSecond);
                if (chunks < added.length) {
                    added[chunks] = e.receivedNanos() - due;
                }
                if (chunks == 0) {
                    firstChunkNanos = e.receivedNanos();
                }
                lastChunkNanos = e.receivedNanos();
                chunks++;
            }
            case "done" -> done.countDown();
            case "error", "<closed>" -> {
                error = e.toString();
                accepted.countDown();
                done.countDown();
            }
            default -> {
                // heartbeats, pongs
            }
        }
    }

    CountDownLatch accepted() {
        return accepted;
    }

    CountDownLatch done() {
        return done;
    }

    String error() {
        return error;
    }

    int chunks() {
        return chunks;
    }

    long tokens() {
        return tokens;
    }

    long firstChunkNanos() {
        return firstChunkNanos;
    }

    long lastChunkNanos() {
        return lastChunkNanos;
    }

    /** Added latencies of the recorded chunks. */
    long[] added() {
        return java.util.Arrays.copyOf(added, Math.min(chunks, added.length));
    }
}
