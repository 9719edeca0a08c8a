package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Frames;
import dev.streamgate.e2e.WsClient;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Delivered {@code chunk} events per second with N concurrent streams (one WebSocket connection each) through the
 * whole local stack, and the added latency from the engine's output to the client's receive. Target
 * ≥ 30,000 events/s at 1,000 streams.
 *
 * <p>Arguments: {@code streams=1000 tokens=300 rate=100 windowMs=10 client=crt} (rate in tokens/s per stream;
 * the coalescing window bounds events/s per stream to about 1000/windowMs; client is the core's
 * {@code SG_MANAGEMENT_HTTP_CLIENT}).
 */
public final class DeliveryThroughputBench {

    private DeliveryThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Stats.arg(args, "streams", 1000);
        int tokens = Stats.arg(args, "tokens", 300);
        int rate = Stats.arg(args, "rate", 100);
        int windowMs = Stats.arg(args, "windowMs", 10);
        String client = Arrays.stream(args).filter(a -> a.startsWith("client=")).map(a -> a.substring(7))
                .findFirst().orElse("crt");
        LocalStackConfig config = LocalStackConfig.ephemeral()
                .put("SG_COALESCE_WINDOW_MS", Integer.toString(windowMs))
                .put("SG_MANAGEMENT_HTTP_CLIENT", client).build();
        try (LocalStack stack = LocalStack.start(config)) {
            warmUp(stack, Math.min(streams, 100), rate);
            List<StreamProbe> probes = new ArrayList<>();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                StreamProbe p = new StreamProbe(rate, tokens + 1);
                probes.add(p);
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("tp-user-" + i), p));
            }
            for (int i = 0; i < streams; i++) {
                clients.get(i).send(Frames.chat("tp-" + i, "go",
                        Map.of("tokens", tokens, "tokensPerSecond", rate, "firstTokenDelayMs", 0)));
            }
            long deadlineSec = 60L + 2L * tokens / Math.max(1, rate);
            int failed = 0;
            for (StreamProbe p : probes) {
                if (!p.done().await(deadlineSec, TimeUnit.SECONDS) || p.error() != null) {
                    failed++;
                }
            }
            clients.forEach(WsClient::close);
            long events = probes.stream().mapToLong(StreamProbe::chunks).sum();
            long first = probes.stream().mapToLong(StreamProbe::firstChunkNanos).filter(v -> v > 0).min().orElse(0);
            long last = probes.stream().mapToLong(StreamProbe::lastChunkNanos).max().orElse(0);
            double perSecond = events / Math.max(1e-9, (last - first) / 1e9);
            Stats lat = new Stats(probes.stream().flatMapToLong(p -> LongStream.of(p.added())).toArray());
            System.out.println();
            System.out.println("### Delivered events/s through the local stack (one JVM: gateway, handlers, core, clients)");
            System.out.println();
            System.out.println("| streams | tokens/s each | window ms | @connections client | events | failed streams "
                    + "| events/s | p50 added ms | p99 added ms | target |");
            System.out.println("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
            System.out.println("| " + streams + " | " + rate + " | " + windowMs + " | " + client + " | " + events + " | "
                    + failed + " | "
                    + Stats.num(perSecond) + " | " + Stats.ms(lat.percentileMs(50)) + " | "
                    + Stats.ms(lat.percentileMs(99)) + " | ≥ 30,000/s |");
        }
    }

    /** A short unmeasured round, so class loading and JIT of a fresh JVM are not counted. */
    private static void warmUp(LocalStack stack, int streams, int rate) throws InterruptedException {
        List<WsClient> clients = new ArrayList<>();
        List<StreamProbe> probes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                StreamProbe p = new StreamProbe(rate, 51);
                probes.add(p);
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("warm-user-" + i), p));
                clients.get(i).send(Frames.chat("warm-" + i, "go",
                        Map.of("tokens", 50, "tokensPerSecond", rate, "firstTokenDelayMs", 0)));
            }
            for (StreamProbe p : probes) {
                p.done().await(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
