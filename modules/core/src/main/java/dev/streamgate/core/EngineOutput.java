package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.Usage;

/**
 * Where an engine puts its answer. One instance per run; calls come from the engine's own thread.
 *
 * <p>Back-pressure: {@link #text(String)} blocks while the stream's consumer is slow (an SSE client that
 * does not read, a connection whose posts are backing up), so an engine that writes on its own thread is
 * slowed down without any extra code; an engine that can pause its source cheaply may also poll
 * {@link #consumerSlow()}.
 */
public interface EngineOutput {

    /**
     * Hands over a piece of the answer.
     *
     * @return {@code false} when the stream no longer wants output (cancelled or ended); the engine should stop
     */
    boolean text(String text);

    /** Whether the consumer is currently behind. */
    boolean consumerSlow();

    /** What {@link #offer(String)} did with a piece of the answer. */
    enum Offer {
        /** Taken, as {@link #text(String)} would have. */
        TAKEN,
        /** Not taken: the consumer is behind; offer it again later. */
        SLOW,
        /** Not taken: the stream no longer wants output; the engine should stop. */
        ENDED
    }

    /**
     * Hands over a piece of the answer without ever blocking: when the consumer is behind, the text is not taken
     * and {@link Offer#SLOW} comes back, so an engine that shares a thread with other runs (the demo engine) can
     * try again later instead of holding that thread. The default is not atomic (the consumer may fall behind
     * between the check and the hand-over); the core's own output is.
     */
    default Offer offer(String text) {
        if (consumerSlow()) {
            return Offer.SLOW;
        }
        return text(text) ? Offer.TAKEN : Offer.ENDED;
    }

    /** The answer is complete; {@code usage} may be {@code null}. Later calls are ignored. */
    void done(DoneReason reason, Usage usage);

    /** The answer cannot be completed. Later calls are ignored. */
    void failed(EngineException failure);
}
