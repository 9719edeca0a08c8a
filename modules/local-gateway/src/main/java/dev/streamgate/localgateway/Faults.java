package dev.streamgate.localgateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Scripted faults for tests: management calls that fail or lag, and clients dropped on purpose.
 *
 * <p>Random choices come from one RNG seeded with {@link #seed()}, so a failing run can be replayed.
 *
 * @param throttleFraction fraction (0..1) of {@code @connections} calls answered 429 LimitExceededException
 * @param errorFraction fraction (0..1) of {@code @connections} calls answered 500 InternalServerErrorException
 * @param managementLatency extra delay before every {@code @connections} call is answered
 * @param dropAfterMessages close each client (1001) after this many messages were pushed to it; 0 = never
 * @param dropAfter close each client (1001) this long after it connected; zero = never
 * @param seed seed of the RNG that picks which calls fail
 */
public record Faults(double throttleFraction, double errorFraction, Duration managementLatency, int dropAfterMessages,
                     Duration dropAfter, long seed) {

    /** Validates every value. */
    public Faults {
        if (throttleFraction < 0 || throttleFraction > 1 || errorFraction < 0 || errorFraction > 1
                || throttleFraction + errorFraction > 1) {
            throw new IllegalArgumentException("fault fractions must be within 0..1 and add up to at most 1: throttle="
                    + throttleFraction + " error=" + errorFraction);
        }
        Objects.requireNonNull(managementLatency, "managementLatency");
        Objects.requireNonNull(dropAfter, "dropAfter");
        if (dropAfterMessages < 0 || managementLatency.isNegative() || dropAfter.isNegative()) {
            throw new IllegalArgumentException("fault counts and durations must not be negative");
        }
    }

    /** No faults at all. */
    public static Faults none() {
        return builder().build();
    }

    /** A builder starting from no faults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether any fault is configured. */
    public boolean any() {
        return throttleFraction > 0 || errorFraction > 0 || !managementLatency.isZero() || dropAfterMessages > 0
                || !dropAfter.isZero();
    }

    /** Builds {@link Faults}. */
    public static final class Builder {
        private double throttleFraction;
        private double errorFraction;
        private Duration managementLatency = Duration.ZERO;
        private int dropAfterMessages;
        private Duration dropAfter = Duration.ZERO;
        private long seed = 42;

        private Builder() {
        }

        /** Fraction of management calls answered 429. */
        public Builder throttleFraction(double value) {
            this.throttleFraction = value;
            return this;
        }

        /** Fraction of management calls answered 500. */
        public Builder errorFraction(double value) {
            this.errorFraction = value;
            return this;
        }

        /** Delay added before every management call is answered. */
        public Builder managementLatency(Duration value) {
            this.managementLatency = value;
            return this;
        }

        /** Drop each client after this many pushed messages. */
        public Builder dropAfterMessages(int value) {
            this.dropAfterMessages = value;
            return this;
        }

        /** Drop each client this long after it connected. */
        public Builder dropAfter(Duration value) {
            this.dropAfter = value;
            return this;
        }

        /** Seed of the RNG that picks failing calls. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The faults. */
        public Faults build() {
            return new Faults(throttleFraction, errorFraction, managementLatency, dropAfterMessages, dropAfter, seed);
        }
    }
}
