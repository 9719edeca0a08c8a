package dev.streamgate.core;

import dev.streamgate.protocol.ChatOptions;

/**
 * What an engine is asked to answer: the user's message plus the per-request options from the chat action.
 *
 * @param streamId the stream the answer belongs to
 * @param userId the authenticated user
 * @param requestId the client's idempotency key
 * @param message the user's message (never logged)
 * @param conversationId optional conversation id, {@code null} when absent
 * @param options per-request options (engine specific, e.g. the demo engine's timing), never {@code null}
 */
public record ChatRequest(String streamId, String userId, String requestId, String message, String conversationId,
                          ChatOptions options) {

    /** Absent options become {@link ChatOptions#EMPTY}. */
    public ChatRequest {
        options = options == null ? ChatOptions.EMPTY : options;
    }

    /** A numeric option, or the fallback when it is absent or not a number. */
    public long longOption(String name, long fallback) {
        return options.getDouble(name).map(Double::longValue).orElse(fallback);
    }

    /** A floating-point option, or the fallback when it is absent or not a number. */
    public double doubleOption(String name, double fallback) {
        return options.getDouble(name).orElse(fallback);
    }
}
