package dev.streamgate.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Picks the target from the environment, in one place: {@code SG_E2E_WS_URL} set means a deployed stage or
 * LocalStack; otherwise a fresh local stack starts in this JVM, shaped by the scenario's {@link TargetOptions}.
 *
 * <p>Remote variables: {@code SG_E2E_WS_URL}, {@code SG_E2E_SSE_URL}, {@code SG_E2E_TOKEN}, {@code SG_E2E_TOKEN_2},
 * {@code SG_E2E_MANAGEMENT_ENDPOINT}, {@code SG_E2E_HEARTBEAT_INTERVAL_MS} (default 15000) and
 * {@code SG_E2E_CAPABILITIES} (comma-separated {@link Capability} names the stage was deployed with, e.g.
 * {@code SSE_BUDGET,MULTIPLE_CORES,SECOND_USER}).
 */
public final class E2eTargets {

    private E2eTargets() {
    }

    /**
     * A target meeting {@code options}.
     *
     * @throws TestAbortedException (JUnit skips the scenario) when a remote target lacks a required capability
     */
    public static E2eTarget open(TargetOptions options) {
        return open(options, System.getenv());
    }

    /** As {@link #open(TargetOptions)}, reading {@code env}. */
    public static E2eTarget open(TargetOptions options, Map<String, String> env) {
        String wsUrl = env.get("SG_E2E_WS_URL");
        if (wsUrl == null || wsUrl.isBlank()) {
            return LocalTarget.start(options);
        }
        E2eTarget remote = remote(wsUrl, env);
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(options.capabilities());
        missing.removeAll(remote.capabilities());
        if (!missing.isEmpty()) {
            throw new TestAbortedException("skipped: target " + remote.name() + " lacks " + missing
                    + " (declare what the stage supports in SG_E2E_CAPABILITIES, or run against the local stack)");
        }
        return remote;
    }

    private static E2eTarget remote(String wsUrl, Map<String, String> env) {
        String token = env.get("SG_E2E_TOKEN");
        if (token == null || token.isBlank()) {
            throw new TestAbortedException("skipped: SG_E2E_WS_URL is set but SG_E2E_TOKEN is not; give a valid token");
        }
        String sse = env.get("SG_E2E_SSE_URL");
        String other = blankToNull(env.get("SG_E2E_TOKEN_2"));
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        String declared = env.getOrDefault("SG_E2E_CAPABILITIES", "");
        caps.addAll(Arrays.stream(declared.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Capability.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
                .collect(Collectors.toSet()));
        if (other != null) {
            caps.add(Capability.SECOND_USER);
        }
        long hb = Long.parseLong(env.getOrDefault("SG_E2E_HEARTBEAT_INTERVAL_MS", "15000"));
        return new E2eTarget("remote " + wsUrl, wsUrl, sse == null ? List.of() : List.of(sse), token, other,
                blankToNull(env.get("SG_E2E_MANAGEMENT_ENDPOINT")), Duration.ofMillis(hb), caps, TargetControl.none());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
