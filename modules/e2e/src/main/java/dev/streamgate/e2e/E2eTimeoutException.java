package dev.streamgate.e2e;

/** An awaited event did not arrive before its deadline; the message lists what did arrive. */
public final class E2eTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A deadline that passed without the awaited event. */
    public E2eTimeoutException(String message) {
        super(message);
    }
}
