package dev.streamgate.e2e.bench;

import dev.streamgate.e2e.Event;
import dev.streamgate.e2e.Frames;
import dev.streamgate.e2e.WsClient;
import dev.streamgate.launcher.LocalStack;
import dev.streamgate.launcher.LocalStackConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code chat} sent → {@code accepted} received with N connected users. The whole path: gateway →
 * {@code $default} handler → signed call to the core → stream record in DynamoDB → {@code accepted} through
 * {@code @connections} → gateway → client. Target p99 ≤ 15 ms at 200 users.
 *
 * <p>Two rows: <em>paced</em>, chats arriving at a steady total rate spread over the users (each user chats every
 * {@code users / rate} seconds: 200 users at 100 chats/s is one chat per user every 2 s, far busier than people
 * chat), which is the latency a user sees; and <em>burst</em>, every user sending at the same instant, which
 * measures how a 2-core machine drains a queue of N full round trips, not a user's wait.
 *
 * <p>Arguments: {@code users=200 rate=100 chats=3000 rounds=5}.
 */
public final class AcceptLatencyBench {

    private static final Map<String, CompletableFuture<Event>> PENDING = new ConcurrentHashMap<>();

    private AcceptLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = Stats.arg(args, "users", 200);
        int rate = Stats.arg(args, "rate", 100);
        int chats = Stats.arg(args, "chats", 3000);
        int rounds = Stats.arg(args, "rounds", 5);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral().build());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<WsClient> clients = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                clients.add(WsClient.connect(stack.wsUrl(), stack.tokenFor("bench-user-" + u), AcceptLatencyBench::record));
            }
            // warm-up: class loading, JIT, connection pools
            runPaced(clients, pool, "warm", Math.min(chats, 2000), rate);
            runBurst(clients, pool, "warm");
            Stats paced = new Stats(runPaced(clients, pool, "paced", chats, rate));
            List<Long> burst = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                burst.addAll(runBurst(clients, pool, "burst" + r));
            }
            Stats bursts = new Stats(burst.stream().mapToLong(Long::longValue).toArray());
            clients.forEach(WsClient::close);
            System.out.println();
            System.out.println("### chat → accepted over WebSocket (local stack, one JVM)");
            System.out.println();
            System.out.println("| connected users | arrivals | chats | p50 ms | p99 ms | max ms | target p99 |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|");
            row(users, "paced, " + rate + " chats/s", paced);
            row(users, "burst, " + users + " at once", bursts);
        }
    }

    private static void row(int users, String arrivals, Stats s) {
        System.out.println("| " + users + " | " + arrivals + " | " + s.count() + " | " + Stats.ms(s.percentileMs(50))
                + " | " + Stats.ms(s.percentileMs(99)) + " | " + Stats.ms(s.percentileMs(100)) + " | ≤ 15 |");
    }

    /** {@code chats} chats at {@code rate} per second, round-robin over the users, each timed alone. */
    private static long[] runPaced(List<WsClient> clients, ExecutorService pool, String tag, int chats, int rate) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / Math.max(1, rate);
        for (int i = 0; i < chats; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            WsClient c = clients.get(i % clients.size());
            futures.add(CompletableFuture.supplyAsync(() -> oneChat(c, tag + "-" + due), pool));
        }
        return futures.stream().mapToLong(CompletableFuture::join).toArray();
    }

    private static List<Long> runBurst(List<WsClient> clients, ExecutorService pool, String tag) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            WsClient c = clients.get(i);
            String requestId = "bench-" + tag + "-" + i;
            futures.add(CompletableFuture.supplyAsync(() -> oneChat(c, requestId), pool));
        }
        List<Long> out = new ArrayList<>();
        futures.forEach(f -> out.add(f.join()));
        return out;
    }

    /** Every client's events land here: {@code accepted} and {@code error} complete the waiting chat. */
    private static void record(Event e) {
        String requestId = e.is("accepted") || e.is("error") ? e.text("requestId") : null;
        if (requestId != null) {
            PENDING.computeIfAbsent(requestId, k -> new CompletableFuture<>()).complete(e);
        }
    }

    private static long oneChat(WsClient c, String requestId) {
        CompletableFuture<Event> answer = PENDING.computeIfAbsent(requestId, k -> new CompletableFuture<>());
        long t0 = System.nanoTime();
        c.send(Frames.chat(requestId, "hi", Map.of("tokens", 1, "firstTokenDelayMs", 0)));
        Event accepted;
        try {
            accepted = answer.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no accepted for " + requestId + " within 30 s", e);
        } finally {
            PENDING.remove(requestId);
        }
        if (!accepted.is("accepted")) {
            throw new IllegalStateException("chat refused: " + accepted);
        }
        return accepted.receivedNanos() - t0;
    }
}
