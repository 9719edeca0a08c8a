package dev.streamgate.core;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a stream's events go right now: an SSE response or a WebSocket connection reached through
 * {@code @connections}. A stream has at most one sink at a time and may swap it while it runs.
 *
 * <p>Implementations are package-private behind factories; every failure of the transport goes through one
 * idempotent close path that reports a {@link Closure} to the stream.
 */
public interface EventSink {

    /** Why a sink stopped accepting events. */
    enum Closure {
        /** The client went away (disconnect, 410); the stream waits a grace period for a resume. */
        GONE,
        /** The transport refused for good (403, repeated failures); the stream ends. */
        FAILED
    }

    /**
     * Sends one event, in call order; never blocks for long.
     *
     * @return {@code false} when the sink is closed and the event was not taken
     */
    boolean deliver(OutboundEvent event);

    /** Tells the client the stream is alive while the engine is silent. */
    void heartbeat(String streamId);

    /** Whether the client is behind; the stream then holds the engine back. */
    boolean isSlow();

    /** How long engine output is gathered before it is sent as one chunk; zero sends at once. */
    Duration coalesceWindow();

    /** Registers the single listener told when the transport closes on its own; runs at once if it already has. */
    void whenClosed(Consumer<Closure> listener);

    /** The stream is done with this sink: finish the transport cleanly after what was delivered. Idempotent. */
    void close();
}
