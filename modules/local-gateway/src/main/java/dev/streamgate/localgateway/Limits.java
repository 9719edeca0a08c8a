package dev.streamgate.localgateway;

import java.time.Duration;
import java.util.Objects;

/**
 * The quotas and timers of an API Gateway WebSocket API, all configurable so tests can shrink them.
 *
 * <p>Defaults are AWS's documented values: 32 KB frames, 128 KB messages, a 29 s integration timeout,
 * a 10-minute idle timeout and a 2-hour connection duration.
 *
 * @param frameBytes largest inbound frame; a bigger one closes the connection with 1009
 * @param messageBytes largest inbound message or {@code @connections} POST body (413 / close 1009)
 * @param integrationTimeout how long a route waits for its integration before answering
 *     "Endpoint request timed out" (the handler keeps running)
 * @param idleTimeout a connection without traffic for this long is closed with 1001
 * @param maxConnectionDuration a connection older than this is closed with 1001 "Going away"
 * @param maxPendingMessages outbound messages queued for one slow client before POST answers 429
 */
public record Limits(int frameBytes, int messageBytes, Duration integrationTimeout, Duration idleTimeout,
                     Duration maxConnectionDuration, int maxPendingMessages) {

    /** AWS's frame size limit in bytes (32 KB). */
    public static final int AWS_FRAME_BYTES = 32 * 1024;
    /** AWS's message payload limit in bytes (128 KB). */
    public static final int AWS_MESSAGE_BYTES = 128 * 1024;

    /** Validates every value. */
    public Limits {
        if (frameBytes <= 0 || messageBytes <= 0 || maxPendingMessages <= 0) {
            throw new IllegalArgumentException("limits must be positive: frameBytes=" + frameBytes
                    + " messageBytes=" + messageBytes + " maxPendingMessages=" + maxPendingMessages);
        }
        requirePositive(integrationTimeout, "integrationTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(maxConnectionDuration, "maxConnectionDuration");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** AWS's values. */
    public static Limits aws() {
        return builder().build();
    }

    /** A builder starting from AWS's values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder().frameBytes(frameBytes).messageBytes(messageBytes).integrationTimeout(integrationTimeout)
                .idleTimeout(idleTimeout).maxConnectionDuration(maxConnectionDuration).maxPendingMessages(maxPendingMessages);
    }

    /** Builds {@link Limits}. */
    public static final class Builder {
        private int frameBytes = AWS_FRAME_BYTES;
        private int messageBytes = AWS_MESSAGE_BYTES;
        private Duration integrationTimeout = Duration.ofSeconds(29);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxConnectionDuration = Duration.ofHours(2);
        private int maxPendingMessages = 10_000;

        private Builder() {
        }

        /** Largest inbound frame in bytes. */
        public Builder frameBytes(int value) {
            this.frameBytes = value;
            return this;
        }

        /** Largest inbound message and POST body in bytes. */
        public Builder messageBytes(int value) {
            this.messageBytes = value;
            return this;
        }

        /** How long a route waits for its integration. */
        public Builder integrationTimeout(Duration value) {
            this.integrationTimeout = value;
            return this;
        }

        /** Idle time after which a connection is closed. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /** Age after which a connection is closed. */
        public Builder maxConnectionDuration(Duration value) {
            this.maxConnectionDuration = value;
            return this;
        }

        /** Outbound messages queued per connection before POST answers 429. */
        public Builder maxPendingMessages(int value) {
            this.maxPendingMessages = value;
            return this;
        }

        /** The limits. */
        public Limits build() {
            return new Limits(frameBytes, messageBytes, integrationTimeout, idleTimeout, maxConnectionDuration,
                    maxPendingMessages);
        }
    }
}
