package dev.streamgate.e2e;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a scenario needs from its target: capabilities, and the shrunken limits a local target should start with.
 * A remote target ignores the limits and is accepted only if it declares every capability.
 *
 * @param capabilities what the scenario uses
 * @param cores core instances for a local target
 * @param connectionLimit the 2-hour limit as the local gateway should apply it; {@code null} = 2 hours
 * @param sseBudget the core's SSE budget; {@code null} = none
 * @param heartbeatInterval the core's heartbeat interval; {@code null} = the core's default
 * @param gracePeriod the core's grace period for a stream without a sink; {@code null} = the core's default
 * @param faults {@code @connections} faults the local gateway answers with from the start; {@code null} = none
 */
public record TargetOptions(Set<Capability> capabilities, int cores, Duration connectionLimit, Duration sseBudget,
        Duration heartbeatInterval, Duration gracePeriod, ConnectionFaults faults) {

    /**
     * Fractions of {@code @connections} calls answered 429 and 500, picked by a seeded RNG.
     *
     * @param rate429 fraction answered 429 LimitExceededException
     * @param rate500 fraction answered 500
     * @param seed seed of the RNG
     */
    public record ConnectionFaults(double rate429, double rate500, long seed) {
    }

    /** Copies the capability set. */
    public TargetOptions {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /** A plain target: one core, real limits. */
    public static TargetOptions plain() {
        return new TargetOptions(Set.of(), 1, null, null, null, null, null);
    }

    /** Adds a required capability. */
    public TargetOptions require(Capability capability) {
        EnumSet<Capability> c = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
        c.add(capability);
        return new TargetOptions(c, cores, connectionLimit, sseBudget, heartbeatInterval, gracePeriod, faults);
    }

    /** Sets the number of core instances (and requires {@link Capability#MULTIPLE_CORES} when above one). */
    public TargetOptions cores(int n) {
        TargetOptions t = new TargetOptions(capabilities, n, connectionLimit, sseBudget, heartbeatInterval, gracePeriod, faults);
        return n > 1 ? t.require(Capability.MULTIPLE_CORES) : t;
    }

    /** Shrinks the connection limit (and requires {@link Capability#SHRINK_CONNECTION_LIMIT}). */
    public TargetOptions connectionLimit(Duration d) {
        return new TargetOptions(capabilities, cores, d, sseBudget, heartbeatInterval, gracePeriod, faults)
                .require(Capability.SHRINK_CONNECTION_LIMIT);
    }

    /** Sets the SSE budget (and requires {@link Capability#SSE_BUDGET}). */
    public TargetOptions sseBudget(Duration d) {
        return new TargetOptions(capabilities, cores, connectionLimit, d, heartbeatInterval, gracePeriod, faults)
                .require(Capability.SSE_BUDGET);
    }

    /** Sets the heartbeat interval of a local target. */
    public TargetOptions heartbeatInterval(Duration d) {
        return new TargetOptions(capabilities, cores, connectionLimit, sseBudget, d, gracePeriod, faults);
    }

    /** Makes {@code @connections} answer faults (and requires {@link Capability#INJECT_FAULTS}). */
    public TargetOptions connectionFaults(double rate429, double rate500, long seed) {
        return new TargetOptions(capabilities, cores, connectionLimit, sseBudget, heartbeatInterval, gracePeriod,
                new ConnectionFaults(rate429, rate500, seed)).require(Capability.INJECT_FAULTS);
    }

    /** Sets the grace period of a local target. */
    public TargetOptions gracePeriod(Duration d) {
        return new TargetOptions(capabilities, cores, connectionLimit, sseBudget, heartbeatInterval, d, faults);
    }
}
