package dev.streamgate.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stream as stored: whose it is, which connection it sinks to, which core instance owns it, and its status.
 *
 * @param streamId stream id
 * @param userId the user who started it
 * @param connectionId the connection its events go to
 * @param ownerUrl base URL of the core instance running it (internal API)
 * @param status where it is in its life
 * @param requestId the client's idempotency key of the chat request
 * @param createdAt creation time (stored in epoch milliseconds)
 * @param updatedAt last change (stored in epoch milliseconds)
 * @param expiresAt TTL (stored in epoch seconds)
 */
public record StreamRecord(String streamId, String userId, String connectionId, String ownerUrl, StreamStatus status,
                           String requestId, Instant createdAt, Instant updatedAt, Instant expiresAt) {

    /** Default lifetime of a stream record: long enough to resume after the 2-hour connection limit. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    /** Validates the fields. */
    public StreamRecord {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(ownerUrl, "ownerUrl");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new running stream created now, expiring after {@link #DEFAULT_TTL}; times at the precision they are stored in. */
    public static StreamRecord started(String streamId, String userId, String connectionId, String ownerUrl, String requestId,
                                       Instant now) {
        Instant stored = now.truncatedTo(ChronoUnit.MILLIS);
        return new StreamRecord(streamId, userId, connectionId, ownerUrl, StreamStatus.RUNNING, requestId, stored, stored,
                now.plus(DEFAULT_TTL).truncatedTo(ChronoUnit.SECONDS));
    }
}
