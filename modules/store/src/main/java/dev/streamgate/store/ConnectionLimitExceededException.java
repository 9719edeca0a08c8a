package dev.streamgate.store;

/** The user already has the maximum number of open connections; nothing was written. */
public final class ConnectionLimitExceededException extends StoreException {

    private final String userId;
    private final int limit;

    /** Creates the exception. */
    public ConnectionLimitExceededException(String userId, int limit) {
        super("user " + userId + " already has " + limit + " open connections (the limit): close one or raise the limit", null);
        this.userId = userId;
        this.limit = limit;
    }

    /** The user who hit the limit. */
    public String userId() {
        return userId;
    }

    /** The limit in force. */
    public int limit() {
        return limit;
    }
}
