package dev.streamgate.store;

/** Where a stream is in its life; the only transitions are from {@link #RUNNING} to one of the final states. */
public enum StreamStatus {
    /** The engine is generating. */
    RUNNING,
    /** Finished normally. */
    COMPLETED,
    /** Cancelled by the user or after the grace period without a sink. */
    CANCELLED,
    /** The engine failed. */
    FAILED;

    /** Stored form, lower case. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the stored form. */
    public static StreamStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether no transition leaves this state. */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
