package dev.streamgate.core;

/**
 * A source of chat answers: streaming (text arrives in pieces through {@link EngineOutput}), cancellable
 * ({@link EngineRun#cancel()}) and told when its consumer is slow (blocking {@link EngineOutput#text(String)}).
 *
 * <p>Implementations: {@link ChatEngines#demo()}, {@link ChatEngines#upstreamSse}, {@link ChatEngines#openAi}.
 */
public interface ChatEngine {

    /**
     * Starts answering and returns at once; the answer is produced on the engine's own thread.
     *
     * @param request what to answer
     * @param output where the answer goes; exactly one of {@code done} or {@code failed} is called at the end
     *     unless the run is cancelled first
     */
    EngineRun start(ChatRequest request, EngineOutput output);
}
