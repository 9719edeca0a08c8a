package dev.streamgate.e2e;

/** What a target can do beyond plain WebSocket and HTTP; a scenario needing one the target lacks is skipped. */
public enum Capability {
    /** Answers 429 / 500 from {@code @connections} on demand (the local gateway's faults). */
    INJECT_FAULTS,
    /** Kills a core instance mid-stream. */
    KILL_CORE,
    /** Runs with the 2-hour connection limit shrunk to seconds. */
    SHRINK_CONNECTION_LIMIT,
    /** Runs two or more core instances behind the handlers. */
    MULTIPLE_CORES,
    /** Runs the SSE endpoint with a short budget, so a long answer ends with {@code handoff}. */
    SSE_BUDGET,
    /** Counts the {@code @connections} POSTs it made (billed messages), for benchmarks. */
    RECORDED_CALLS,
    /** A second user's token, for isolation checks. */
    SECOND_USER
}
