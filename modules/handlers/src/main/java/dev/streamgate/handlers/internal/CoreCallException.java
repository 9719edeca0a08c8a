package dev.streamgate.handlers.internal;

import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ServerEvent;

/** A call to the core's internal API failed; carries what to tell the client. */
public final class CoreCallException extends RuntimeException {

    private final ErrorCode code;
    private final boolean retryable;

    /** Creates the exception; the message is safe to show the client. */
    public CoreCallException(ErrorCode code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    /** The error code for the client. */
    public ErrorCode code() {
        return code;
    }

    /** Whether the client may retry unchanged. */
    public boolean retryable() {
        return retryable;
    }

    /** The {@code error} event for the client, with the ids of the request it answers (either may be null). */
    public ServerEvent.Error toErrorEvent(String streamId, String requestId) {
        return new ServerEvent.Error(code, getMessage(), retryable, streamId, requestId);
    }
}
