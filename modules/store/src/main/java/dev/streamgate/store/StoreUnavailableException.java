package dev.streamgate.store;

/**
 * DynamoDB could not be reached, timed out, answered with a server error, or lacks the table: the operation did not happen
 * (or, for a compound operation, was rolled back as far as DynamoDB allowed).
 */
public class StoreUnavailableException extends StoreException {

    /** Creates the exception. */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
