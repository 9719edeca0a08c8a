package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Event;
import dev.streamgate.e2e.Frames;
import dev.streamgate.e2e.WsClient;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code chat} sent → {@code accepted} received, with N connected users each sending chats in rounds (all users
 * at once per round). The whole path: gateway → {@code $default} handler → signed call to the core → stream record
 * in DynamoDB → {@code accepted} through {@code @connections} → gateway → client. Target p99 ≤ 15 ms at 200 users.
 *
 * <p>Arguments: {@code users=200 rounds=10}.
 */
public final class AcceptLatencyBench {

    private AcceptLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = Stats.arg(args, "users", 200);
        int rounds = Stats.arg(args, "rounds", 10);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral().build());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<WsClient> clients = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("bench-user-" + u)));
            }
            runRound(clients, pool, -1); // warm-up: class loading, JIT, connection pools
            List<Long> samples = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                samples.addAll(runRound(clients, pool, r));
            }
            clients.forEach(WsClient::close);
            Stats s = new Stats(samples.stream().mapToLong(Long::longValue).toArray());
            System.out.println();
            System.out.println("### chat → accepted over WebSocket (local stack, one JVM)");
            System.out.println();
            System.out.println("| connected users | chats | p50 ms | p99 ms | max ms | target p99 |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.println("| " + users + " | " + s.count() + " | " + Stats.ms(s.percentileMs(50)) + " | "
                    + Stats.ms(s.percentileMs(99)) + " | " + Stats.ms(s.percentileMs(100)) + " | ≤ 15 |");
        }
    }

    private static List<Long> runRound(List<WsClient> clients, ExecutorService pool, int round) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            WsClient c = clients.get(i);
            String requestId = "bench-" + round + "-" + i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                c.send(Frames.chat(requestId, "hi", Map.of("tokens", 1, "firstTokenDelayMs", 0)));
                Event accepted = c.events().await("accepted", e -> e.is("accepted")
                        && requestId.equals(e.text("requestId")) || e.is("error"), Duration.ofSeconds(30));
                if (!accepted.is("accepted")) {
                    throw new IllegalStateException("chat refused: " + accepted);
                }
                return accepted.receivedNanos() - t0;
            }, pool));
        }
        List<Long> out = new ArrayList<>();
        futures.forEach(f -> out.add(f.join()));
        // drop the tiny answers' chunks and done so the next round's queue starts empty
        clients.forEach(c -> c.events().drain());
        return out;
    }
}
