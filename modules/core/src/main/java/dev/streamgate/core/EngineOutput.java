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

    /** The answer is complete; {@code usage} may be {@code null}. Later calls are ignored. */
    void done(DoneReason reason, Usage usage);

    /** The answer cannot be completed. Later calls are ignored. */
    void failed(EngineException failure);
}
