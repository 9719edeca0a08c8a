package dev.streamgate.core;

/**
 * An engine could not produce (the rest of) an answer; carries the wire error code the client receives.
 */
public final class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;

    /**
     * Creates the failure.
     *
     * @param code wire error code (lower snake case), e.g. {@code upstream_error}
     * @param message what went wrong, for the client; never contains the user's text or secrets
     * @param retryable whether the same request may succeed later
     */
    public EngineException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    /** The wire error code. */
    public String code() {
        return code;
    }

    /** Whether retrying may help. */
    public boolean retryable() {
        return retryable;
    }
}
