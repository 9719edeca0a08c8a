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

    /**
     * Whether events handed over earlier are still on their way (a post in flight, or queued behind one). While
     * it is, a stream with a non-zero window keeps gathering engine text into its next chunk instead of queueing
     * more events behind them: a transport that falls behind gets fewer, larger messages, not a growing queue of
     * small ones, and each message waits for at most one post. Default: never busy.
     */
    default boolean isBusy() {
        return false;
    }

    /**
     * Registers the single action to run each time the sink stops being busy (on the transport's thread, never
     * while the sink holds a lock of its own). Default: none, for sinks that are never busy.
     */
    default void whenIdle(Runnable action) {
    }

    /** Registers the single listener told when the transport closes on its own; runs at once if it already has. */
    void whenClosed(Consumer<Closure> listener);

    /** The stream is done with this sink: finish the transport cleanly after what was delivered. Idempotent. */
    void close();
}
