package dev.streamgate.protocol;

/**
 * Token counts an engine reported for one answer, carried in {@code done.usage} as
 * {@code {"inputTokens":N,"outputTokens":M}} (the names the Vercel AI SDK and Bedrock use).
 *
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens generated
 */
public record Usage(long inputTokens, long outputTokens) {
    /** Rejects negative counts. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, were " + inputTokens + "/" + outputTokens);
        }
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
