package dev.streamgate.e2e;

import dev.streamgate.core.CoreConfig;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.Limits;
import dev.streamgate.localgateway.ManagementCall;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The default target: a fresh {@link LocalStack} in this JVM (ephemeral ports, its own dynalite), shaped by the
 * scenario's {@link TargetOptions}, with every lever a test may pull.
 */
final class LocalTarget implements TargetControl {

    /** Billing unit of API Gateway messages. */
    static final int BILLING_UNIT_BYTES = 32 * 1024;

    private final LocalStack stack;

    private LocalTarget(LocalStack stack) {
        this.stack = stack;
    }

    static E2eTarget start(TargetOptions options) {
        LocalStackConfig.Builder config = LocalStackConfig.ephemeral().cores(options.cores());
        // scenarios run side by side on a small machine, cores in their own cold JVMs: the handlers' 2 s budget
        // for a call to the core is a Lambda's, not a loaded test machine's
        config.put("SG_CORE_TIMEOUT_MS", "10000");
        if (options.heartbeatInterval() != null) {
            config.put("SG_HEARTBEAT_INTERVAL_MS", Long.toString(options.heartbeatInterval().toMillis()));
        }
        if (options.sseBudget() != null) {
            config.put("SG_SSE_BUDGET_MS", Long.toString(options.sseBudget().toMillis()));
        }
        if (options.gracePeriod() != null) {
            config.put("SG_GRACE_PERIOD_MS", Long.toString(options.gracePeriod().toMillis()));
        }
        Limits.Builder limits = Limits.builder();
        if (options.connectionLimit() != null) {
            limits.maxConnectionDuration(options.connectionLimit());
        }
        boolean processes = options.capabilities().contains(Capability.KILL_CORE);
        Faults faults = options.faults() == null ? Faults.none() : Faults.builder()
                .throttleFraction(options.faults().rate429()).errorFraction(options.faults().rate500())
                .seed(options.faults().seed()).build();
        LocalStack stack = LocalStack.builder(config.build()).gatewayLimits(limits.build()).gatewayFaults(faults)
                .coreProcesses(processes).recording(true).start();

        Set<Capability> caps = EnumSet.of(Capability.INJECT_FAULTS, Capability.RECORDED_CALLS, Capability.SECOND_USER);
        if (processes) {
            caps.add(Capability.KILL_CORE);
        }
        if (options.cores() > 1) {
            caps.add(Capability.MULTIPLE_CORES);
        }
        if (options.connectionLimit() != null) {
            caps.add(Capability.SHRINK_CONNECTION_LIMIT);
        }
        if (options.sseBudget() != null) {
            caps.add(Capability.SSE_BUDGET);
        }
        Duration heartbeat = options.heartbeatInterval() != null ? options.heartbeatInterval()
                : CoreConfig.defaults().heartbeatInterval();
        List<String> sse = stack.coreUrls().stream().map(u -> u + "/api/chat/stream").toList();
        return new E2eTarget("local", stack.wsUrl(), sse, stack.token(), stack.tokenFor("e2e-second-user"),
                stack.managementEndpoint(), heartbeat, caps, new LocalTarget(stack));
    }

    /** The stack behind this target, for benchmarks that measure inside it. */
    LocalStack stack() {
        return stack;
    }

    @Override
    public void killOwnerOf(String streamId) {
        stack.killCore(ownerIndexOf(streamId));
    }

    @Override
    public int ownerIndexOf(String streamId) {
        // polled with a deadline: the record may land just after accepted reaches the client
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        java.util.Optional<String> found = stack.ownerOf(streamId);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            found = stack.ownerOf(streamId);
        }
        String owner = found.orElseThrow(() -> new IllegalStateException(
                "no stream record for " + streamId + " within 5 s: the core did not write one"));
        int i = stack.coreUrls().indexOf(owner.endsWith("/") ? owner.substring(0, owner.length() - 1) : owner);
        if (i < 0) {
            throw new IllegalStateException("owner " + owner + " of " + streamId + " is none of " + stack.coreUrls());
        }
        return i;
    }

    @Override
    public long billedMessages() {
        return billed(stack.gateway().pendingManagementCalls());
    }

    static long billed(List<ManagementCall> calls) {
        long n = 0;
        for (ManagementCall c : calls) {
            if ("POST".equals(c.method())) {
                n += Math.max(1, (c.body().length + BILLING_UNIT_BYTES - 1) / BILLING_UNIT_BYTES);
            }
        }
        return n;
    }

    @Override
    public void close() {
        stack.close();
    }
}
