package dev.streamgate.launcher;

/** The local stack could not start; the message says which part failed and how to fix it. */
public final class LocalStackStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A start failure with no underlying exception. */
    public LocalStackStartException(String message) {
        super(message);
    }

    /** A start failure caused by {@code cause}. */
    public LocalStackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
