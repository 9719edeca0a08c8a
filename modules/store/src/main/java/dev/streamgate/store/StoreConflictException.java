package dev.streamgate.store;

/** Too many writers raced for the same item and this one lost every retry; retrying the whole operation is safe. */
public final class StoreConflictException extends StoreException {

    /** Creates the exception. */
    public StoreConflictException(String message) {
        super(message, null);
    }
}
