package dev.streamgate.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A WebSocket connection as stored: who opened it, when, and when DynamoDB TTL may delete it.
 *
 * @param connectionId API Gateway connection id
 * @param userId the authenticated user
 * @param connectedAt when {@code $connect} ran (stored in epoch milliseconds)
 * @param expiresAt TTL (stored in epoch seconds), past API Gateway's 2-hour connection limit
 */
public record ConnectionRecord(String connectionId, String userId, Instant connectedAt, Instant expiresAt) {

    /** API Gateway closes every WebSocket connection after this long. */
    public static final Duration MAX_CONNECTION_DURATION = Duration.ofHours(2);

    /** Kept past the hard limit so a record never expires while its connection may still be open. */
    public static final Duration TTL_MARGIN = Duration.ofMinutes(10);

    /** Validates the fields. */
    public ConnectionRecord {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A record for a connection opened now, expiring 2 hours plus {@link #TTL_MARGIN} later; times as precise as stored. */
    public static ConnectionRecord opened(String connectionId, String userId, Instant now) {
        return new ConnectionRecord(connectionId, userId, now.truncatedTo(ChronoUnit.MILLIS),
                now.plus(MAX_CONNECTION_DURATION).plus(TTL_MARGIN).truncatedTo(ChronoUnit.SECONDS));
    }

    /** Whether the record is past its TTL (DynamoDB deletes such items late, up to days, so readers check). */
    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
