package dev.streamgate.store;

/** Base of every failure the stores report; each subclass is one failure mode. */
public abstract class StoreException extends RuntimeException {

    /** Creates the exception. */
    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
