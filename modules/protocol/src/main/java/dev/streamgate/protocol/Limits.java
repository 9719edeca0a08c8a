package dev.streamgate.protocol;

import java.util.Map;

/**
 * Size and format limits of wire protocol v1, all in UTF-8 bytes.
 *
 * <p>The frame and payload limits are API Gateway's (32 KB per WebSocket frame, 128 KB per message). The chat text
 * limit defaults to the payload limit minus {@link #ENVELOPE_RESERVE_BYTES}, so a chat whose text is at the limit
 * (and has no JSON escapes) still fits one 128 KB message with its ids and small options. Note that browsers send
 * each WebSocket message as one frame, so behind API Gateway a browser's chat frame must also stay under 32 KB.
 *
 * @param maxFrameBytes the largest frame (32,768)
 * @param maxPayloadBytes the largest WebSocket message or HTTP request body (131,072)
 * @param maxMessageTextBytes the longest chat {@code message} text, measured in UTF-8 bytes of the decoded text
 */
public record Limits(int maxFrameBytes, int maxPayloadBytes, int maxMessageTextBytes) {
    /** API Gateway's WebSocket frame limit. */
    public static final int FRAME_BYTES = 32 * 1024;
    /** API Gateway's WebSocket message (and {@code @connections} POST) limit. */
    public static final int PAYLOAD_BYTES = 128 * 1024;
    /** Room kept for the JSON around a chat's text: action, ids, options. */
    public static final int ENVELOPE_RESERVE_BYTES = 4 * 1024;
    /** The longest id ({@code requestId}, {@code streamId}, {@code conversationId}). */
    public static final int MAX_ID_LENGTH = 128;
    /** Environment variable that overrides {@link #maxMessageTextBytes()}. */
    public static final String ENV_MAX_MESSAGE_TEXT_BYTES = "SG_MAX_MESSAGE_TEXT_BYTES";

    private static final Limits DEFAULTS = new Limits(FRAME_BYTES, PAYLOAD_BYTES, PAYLOAD_BYTES - ENVELOPE_RESERVE_BYTES);

    /** Rejects non-positive limits and a text limit the payload limit could never carry. */
    public Limits {
        if (maxFrameBytes <= 0 || maxPayloadBytes <= 0 || maxMessageTextBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive, were frame=" + maxFrameBytes + " payload="
                    + maxPayloadBytes + " messageText=" + maxMessageTextBytes);
        }
        if (maxMessageTextBytes > maxPayloadBytes) {
            throw new IllegalArgumentException("maxMessageTextBytes (" + maxMessageTextBytes
                    + ") cannot exceed maxPayloadBytes (" + maxPayloadBytes + "): lower " + ENV_MAX_MESSAGE_TEXT_BYTES);
        }
    }

    /** API Gateway's limits and the default chat text limit (126,976 bytes). */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** The defaults, with {@code SG_MAX_MESSAGE_TEXT_BYTES} applied if set. */
    public static Limits fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV_MAX_MESSAGE_TEXT_BYTES);
        if (value == null || value.isBlank()) {
            return DEFAULTS;
        }
        try {
            return DEFAULTS.withMaxMessageTextBytes(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENV_MAX_MESSAGE_TEXT_BYTES + " must be a whole number of bytes, was '"
                    + value + "'", e);
        }
    }

    /** A copy with another chat text limit. */
    public Limits withMaxMessageTextBytes(int bytes) {
        return new Limits(maxFrameBytes, maxPayloadBytes, bytes);
    }
}
