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
 * <p>Arguments: {@code streams=1000 tokens=1000 rate=100 windowMs=10 client=crt} (rate in tokens/s per stream;
 * the coalescing window bounds events/s per stream to about 1000/windowMs; client is the core's
 * {@code SG_MANAGEMENT_HTTP_CLIENT}). Rates are counted over the steady window, from the moment every stream has
 * its first chunk to the moment the first stream has its last, so the 1,000 chats' set-up is not in them. When the
 * stack cannot post as fast as the window asks, a stream's text gathers while its previous post is on its way, so
 * events/s is then the stack's post rate and tokens per event grows.
 */
public final class DeliveryThroughputBench {

    private DeliveryThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Stats.arg(args, "streams", 1000);
        int tokens = Stats.arg(args, "tokens", 1000);
        int rate = Stats.arg(args, "rate", 100);
        int windowMs = Stats.arg(args, "windowMs", 10);
        String client = Arrays.stream(args).filter(a -> a.startsWith("client=")).map(a -> a.substring(7))
                .findFirst().orElse("crt");
        LocalStackConfig config = LocalStackConfig.ephemeral()
                .put("SG_COALESCE_WINDOW_MS", Integer.toString(windowMs))
                .put("SG_MANAGEMENT_HTTP_CLIENT", client).build();
        try (LocalStack stack = LocalStack.start(config)) {
            warmUp(stack, streams, rate); // all of them: the SDK's pipeline is large, and C2 was still compiling it after a short round
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
            long tokenCount = probes.stream().mapToLong(StreamProbe::tokens).sum();
            // steady state: every stream has started and none has ended (setup and wind-down are not counted)
            long from = probes.stream().mapToLong(StreamProbe::firstChunkNanos).max().orElse(0);
            long to = probes.stream().mapToLong(StreamProbe::lastChunkNanos).filter(v -> v > 0).min().orElse(0);
            double seconds = Math.max(1e-9, (to - from) / 1e9);
            long steadyEvents = probes.stream().mapToLong(p -> p.chunksBetween(from, to)).sum();
            long steadyTokens = probes.stream().mapToLong(p -> p.tokensBetween(from, to)).sum();
            Stats lat = new Stats(probes.stream().flatMapToLong(p -> LongStream.of(p.added())).toArray());
            System.out.println();
            System.out.println("### Delivered events/s through the local stack (one JVM: gateway, handlers, core, clients)");
            System.out.println();
            System.out.println("| streams | tokens/s each | window ms | @connections client | events | tokens | failed streams "
                    + "| steady window s | events/s | tokens/s | tokens per event | p50 added ms | p99 added ms | target |");
            System.out.println("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            System.out.println("| " + streams + " | " + rate + " | " + windowMs + " | " + client + " | " + events + " | "
                    + tokenCount + " | " + failed + " | " + Stats.num(seconds) + " | " + Stats.num(steadyEvents / seconds)
                    + " | " + Stats.num(steadyTokens / seconds) + " | "
                    + Stats.num(steadyEvents == 0 ? 0 : (double) steadyTokens / steadyEvents) + " | "
                    + Stats.ms(lat.percentileMs(50)) + " | " + Stats.ms(lat.percentileMs(99)) + " | ≥ 30,000 events/s |");
        }
    }

    /** A short unmeasured round, so class loading and JIT of a fresh JVM are not counted. */
    private static void warmUp(LocalStack stack, int streams, int rate) throws InterruptedException {
        List<WsClient> clients = new ArrayList<>();
        List<StreamProbe> probes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                StreamProbe p = new StreamProbe(rate, 301);
                probes.add(p);
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("warm-user-" + i), p));
                clients.get(i).send(Frames.chat("warm-" + i, "go",
                        Map.of("tokens", 300, "tokensPerSecond", rate, "firstTokenDelayMs", 0)));
            }
            for (StreamProbe p : probes) {
                p.done().await(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
