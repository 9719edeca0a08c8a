package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Frames;
import dev.streamgate.e2e.WsClient;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Core heap per active stream: heap after GC with N connected clients and N running streams, minus the same with
 * the clients connected and no streams, divided by N. Everything runs in one JVM, so the connections' own cost is
 * in the baseline and the difference is what a stream adds (core session, replay buffer, engine, records' clients).
 * Target ≤ 64 KiB.
 *
 * <p>Arguments: {@code streams=1000 runSeconds=5}.
 */
public final class HeapPerStreamBench {

    private HeapPerStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Stats.arg(args, "streams", 1000);
        int runSeconds = Stats.arg(args, "runSeconds", 5);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral().build())) {
            List<StreamProbe> probes = new ArrayList<>();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                StreamProbe p = new StreamProbe(10, 16);
                probes.add(p);
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("heap-user-" + i), p));
            }
            long baseline = heapAfterGc();
            for (int i = 0; i < streams; i++) {
                // 10 tokens/s for an hour: active for the whole measurement
                clients.get(i).send(Frames.chat("heap-" + i, "go",
                        Map.of("tokens", 36_000, "tokensPerSecond", 10, "firstTokenDelayMs", 0)));
            }
            for (StreamProbe p : probes) {
                if (!p.accepted().await(60, TimeUnit.SECONDS) || p.error() != null) {
                    throw new IllegalStateException("a stream was not accepted: " + p.error());
                }
            }
            // let every stream emit and fill its replay buffer for a while; waiting is the measurement here
            Thread.sleep(TimeUnit.SECONDS.toMillis(runSeconds));
            long loaded = heapAfterGc();
            int active = stack.cores().isEmpty() ? streams : stack.cores().get(0).registry().size();
            clients.forEach(WsClient::close);
            double perStream = (loaded - baseline) / (double) streams;
            System.out.println();
            System.out.println("### Core heap per active stream (after " + runSeconds + " s at 10 tokens/s)");
            System.out.println();
            System.out.println("| streams | active in core | heap before MiB | heap with streams MiB | per stream KiB | target |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.println("| " + streams + " | " + active + " | " + Stats.ms(baseline / 1048576.0) + " | "
                    + Stats.ms(loaded / 1048576.0) + " | " + Stats.ms(perStream / 1024) + " | ≤ 64 KiB |");
        }
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
