package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Frames;
import dev.streamgate.e2e.WsClient;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import dev.streamgate.localgateway.ManagementCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Billed API Gateway messages per 1,000 tokens at 100 tokens/s, with coalescing off (window 0) and on (default
 * 40 ms), counted from the gateway's recorded {@code @connections} POSTs as ceil(bytes / 32 KB) each, and the
 * latency coalescing adds. Target ≥ 5× fewer messages, p99 added latency ≤ window + 10 ms.
 *
 * <p>Arguments: {@code streams=20 tokens=300 rate=100 windowMs=50} (the core's default window).
 */
public final class CoalescingBench {

    private static final int BILLING_UNIT = 32 * 1024;

    private CoalescingBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Stats.arg(args, "streams", 20);
        int tokens = Stats.arg(args, "tokens", 300);
        int rate = Stats.arg(args, "rate", 100);
        int windowMs = Stats.arg(args, "windowMs", 50);
        System.out.println();
        System.out.println("### Billed messages per 1,000 tokens at " + rate + " tokens/s (" + streams + " streams × "
                + tokens + " tokens)");
        System.out.println();
        System.out.println("| coalescing window ms | billed messages | per 1,000 tokens | p50 added ms | p99 added ms |");
        System.out.println("|---:|---:|---:|---:|---:|");
        double off = run(0, streams, tokens, rate);
        double on = run(windowMs, streams, tokens, rate);
        System.out.println();
        System.out.println("With a " + windowMs + " ms window: " + String.format(java.util.Locale.ROOT, "%.1f", 1000.0 / on)
                + "× fewer billed messages than one message per token (1,000 per 1,000 tokens), "
                + String.format(java.util.Locale.ROOT, "%.1f", off / on) + "× fewer than the core measured with the window"
                + " at 0 (a message per token, plus accepted and done). Target ≥ 5×, p99 added ≤ "
                + (windowMs + 10) + " ms.");
    }

    private static double run(int windowMs, int streams, int tokens, int rate) throws Exception {
        LocalStackConfig config = LocalStackConfig.ephemeral()
                .put("SG_COALESCE_WINDOW_MS", Integer.toString(windowMs)).build();
        try (LocalStack stack = LocalStack.builder(config).recording(true).start()) {
            // a warm-up round first: a fresh JVM's class loading and JIT would otherwise be the p99
            round(stack, "warm", streams, Math.min(tokens, 100), rate);
            int before = stack.gateway().pendingManagementCalls().size();
            List<StreamProbe> probes = round(stack, "co", streams, tokens, rate);
            List<ManagementCall> calls = stack.gateway().pendingManagementCalls();
            long billed = 0;
            for (ManagementCall c : calls.subList(before, calls.size())) {
                if ("POST".equals(c.method())) {
                    billed += Math.max(1, (c.body().length + BILLING_UNIT - 1) / BILLING_UNIT);
                }
            }
            long totalTokens = (long) streams * tokens;
            double per1000 = billed * 1000.0 / totalTokens;
            Stats lat = new Stats(probes.stream().flatMapToLong(p -> LongStream.of(p.added())).toArray());
            System.out.println("| " + (windowMs == 0 ? "0 (off)" : windowMs) + " | " + billed + " | "
                    + String.format(java.util.Locale.ROOT, "%.1f", per1000) + " | " + Stats.ms(lat.percentileMs(50))
                    + " | " + Stats.ms(lat.percentileMs(99)) + " |");
            return per1000;
        }
    }

    /** {@code streams} users each chat once and follow their answer to {@code done}; the connections close after. */
    private static List<StreamProbe> round(LocalStack stack, String tag, int streams, int tokens, int rate) {
        List<StreamProbe> probes = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            StreamProbe p = new StreamProbe(rate, tokens + 1);
            probes.add(p);
            clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor(tag + "-user-" + i), p));
        }
        try {
            for (int i = 0; i < streams; i++) {
                clients.get(i).send(Frames.chat(tag + "-" + i, "go",
                        Map.of("tokens", tokens, "tokensPerSecond", rate, "firstTokenDelayMs", 0)));
            }
            for (StreamProbe p : probes) {
                if (!p.done().await(60 + 2L * tokens / rate, TimeUnit.SECONDS) || p.error() != null) {
                    throw new IllegalStateException("a stream did not finish: " + p.error());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            clients.forEach(WsClient::close);
        }
        return probes;
    }
}
