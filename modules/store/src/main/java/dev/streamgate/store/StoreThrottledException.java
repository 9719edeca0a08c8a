package dev.streamgate.store;

/** DynamoDB throttled the request after the client's own retries; the caller may retry later. */
public final class StoreThrottledException extends StoreUnavailableException {

    /** Creates the exception. */
    public StoreThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
