package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Event;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Follows one demo stream on one connection without keeping its events: counts chunks and tokens and measures
 * each chunk's added latency, i.e. receive time minus the time the demo engine was due to emit the chunk's last
 * token. The engine's start is not visible to the client, so it is estimated as the earliest moment consistent
 * with what arrived: the {@code accepted} receive time, or earlier if some chunk would otherwise have arrived
 * before its last token was due (the demo engine is never early). With {@code accepted} alone as the start, a
 * saturated stack, whose {@code accepted} posts wait too, made the figures negative.
 */
final class StreamProbe implements Consumer<Event> {

    private final double tokensPerSecond;
    private final long[] receivedAt;
    private final long[] tokensAt;
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
        this.receivedAt = new long[maxChunks];
        this.tokensAt = new long[maxChunks];
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
                if (chunks < receivedAt.length) {
                    receivedAt[chunks] = e.receivedNanos();
                    tokensAt[chunks] = tokens;
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

    /** Chunks received in [{@code from}, {@code to}). */
    long chunksBetween(long from, long to) {
        long n = 0;
        for (int i = 0; i < Math.min(chunks, receivedAt.length); i++) {
            if (receivedAt[i] >= from && receivedAt[i] < to) {
                n++;
            }
        }
        return n;
    }

    /** Tokens carried by the chunks received in [{@code from}, {@code to}). */
    long tokensBetween(long from, long to) {
        long n = 0;
        for (int i = 0; i < Math.min(chunks, receivedAt.length); i++) {
            if (receivedAt[i] >= from && receivedAt[i] < to) {
                n += tokensAt[i] - (i == 0 ? 0 : tokensAt[i - 1]);
            }
        }
        return n;
    }

    /** Added latencies of the recorded chunks. */
    long[] added() {
        int n = Math.min(chunks, receivedAt.length);
        long start = acceptedNanos;
        for (int i = 0; i < n; i++) {
            start = Math.min(start, receivedAt[i] - due(tokensAt[i]));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = receivedAt[i] - start - due(tokensAt[i]);
        }
        return out;
    }

    /** Nanoseconds from the engine's start to the moment its token number {@code tokenCount} was due. */
    private long due(long tokenCount) {
        return (long) ((tokenCount - 1) * 1e9 / tokensPerSecond);
    }
}
