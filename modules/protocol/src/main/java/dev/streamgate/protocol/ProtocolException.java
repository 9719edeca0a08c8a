package dev.streamgate.protocol;

/**
 * A client frame (or a server event being parsed) broke the wire protocol; carries the {@link ErrorCode} to send back.
 *
 * <p>The message is written for the client developer: it names the field and says what a valid value looks like.
 * It never contains the chat text. Where the frame was readable enough, {@link #requestId()} and
 * {@link #streamId()} carry the ids to echo in the {@code error} event (otherwise null).
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;
    private final String streamId;

    /** Creates an exception with a code and an actionable message, without ids. */
    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** Creates an exception with a code, an actionable message and the ids to echo (either may be null). */
    public ProtocolException(ErrorCode code, String message, String requestId, String streamId) {
        super(message);
        if (code == null) {
            throw new NullPointerException("code");
        }
        this.code = code;
        this.requestId = requestId;
        this.streamId = streamId;
    }

    /** The error code to send to the client. */
    public ErrorCode code() {
        return code;
    }

    /** The request id of the offending chat frame, or null if unknown. */
    public String requestId() {
        return requestId;
    }

    /** The stream id of the offending cancel/resume frame, or null if unknown. */
    public String streamId() {
        return streamId;
    }

    /** The {@code error} event that tells the client about this failure. */
    public ServerEvent.Error toErrorEvent() {
        return new ServerEvent.Error(code, getMessage(), code.retryable(), streamId, requestId);
    }
}
