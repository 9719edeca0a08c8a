package dev.streamgate.core;

import dev.streamgate.protocol.ErrorCode;

/**
 * An engine could not produce (the rest of) an answer; carries the wire error code the client receives.
 */
public final class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean retryable;

    /**
     * Creates the failure.
     *
     * @param code the wire error code, e.g. {@link ErrorCode#ENGINE_ERROR}
     * @param message what went wrong, for the client; never contains the user's text or secrets
     * @param retryable whether the same request may succeed later
     */
    public EngineException(ErrorCode code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    /** The wire error code. */
    public ErrorCode code() {
        return code;
    }

    /** Whether retrying may help. */
    public boolean retryable() {
        return retryable;
    }
}
