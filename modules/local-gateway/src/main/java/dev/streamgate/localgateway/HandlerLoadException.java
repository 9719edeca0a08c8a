package dev.streamgate.localgateway;

/** A configured Java handler class cannot be loaded or instantiated; the message says what to change. */
public final class HandlerLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message saying how to fix it. */
    public HandlerLoadException(String message) {
        super(message);
    }

    /** With a message saying how to fix it, and the cause. */
    public HandlerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
