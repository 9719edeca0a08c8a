package dev.streamgate.core;

/**
 * Token counts an engine reports at the end of an answer, when it knows them.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens in the answer
 * @param totalTokens both together
 */
public record EngineUsage(long promptTokens, long completionTokens, long totalTokens) {
}
