package dev.streamgate.localgateway.internal;

/** What happened to a {@code @connections} POST. */
public enum PushResult {
    /** Queued for the client. */
    SENT,
    /** No such open connection (never existed, closed, or still in {@code $connect}). */
    GONE,
    /** Too many messages are waiting for this client. */
    THROTTLED
}
