package dev.streamgate.core.bench;

import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.CoreConfig;
import dev.streamgate.core.CoreServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SSE benchmark: time to first event (request sent → {@code accepted} read) p50/p99 at several concurrency
 * levels, and delivered events per second, against an in-process core with the demo engine. Prints a
 * Markdown table.
 *
 * <p>Arguments (all optional): {@code streams=1,100,500 tokens=200 rate=100 rounds=3 probes=1000 windowMs=<core default>
 * warmUp=20000}. Each stream asks the demo engine for {@code tokens} tokens at {@code rate} tokens/s with no
 * first-token delay; {@code windowMs} sets the SSE coalescing window. 1,000 probes, so that p99 is the tenth
 * slowest: with 200 it was the third, and two G1 pauses or scheduler ticks in the 2.5 s window decided it.
 * {@code warmUp} new streams are opened and read to {@code accepted} one after the other before anything is measured: with 3,000 the JIT was still compiling the probes' path (the token parser, Jackson's
 * request parsing, Grizzly's request handling) during the measured probes at 500 streams, a fifth of the machine;
 * C2 compiles a method after some 5,000 to 15,000 calls.
 *
 * <p>Two time-to-first-event figures per level, because they answer different questions:
 * <ul>
 *   <li><b>burst</b>: all N requests are written at the same instant on N already-open connections (one
 *   connection per stream, timestamp at send and at the first {@code event:} byte). Its p99 is the time the
 *   core needs to drain N simultaneous requests, so it grows with N times the per-request CPU cost;</li>
 *   <li><b>at N active</b>: N streams are already streaming (for 10 s first, so the JIT has compiled their
 *   path); then {@code probes} new streams are opened one after the other (10 ms apart), each on a new
 *   connection from a plain blocking socket, and their time to {@code accepted} is measured. This is the
 *   latency a new user sees on a core carrying N streams. The cores this process keeps busy meanwhile are
 *   printed with it: the N streams' engines, the core's writes and the load generator's reads.</li>
 * </ul>
 * The process CPU time per burst stream and the 1-minute load average are printed too: on a shared 2-core
 * machine with a load average of 10 this process gets a fraction of a core, and every figure scales with it.
 */
public final class SseBench {

    /** How often the background streams' reader drains its sockets once every stream has started. */
    private static final long READ_PACING_MS = 20;
    /** The background streams' reader yields after this many reads, as the core's bulk threads do. */
    private static final int READS_PER_YIELD = 32;
    /** Time the active streams run before the probes start, so the JIT has compiled their path. */
    private static final long SETTLE_MS = 10_000;

    private SseBench() {
    }

    private record Result(long[] ttfeNanos, long events, long wallNanos, int failures) {
    }

    /** Sorted probe times, and the cores this process kept busy while they ran (server, engines and load). */
    private record Probes(long[] sortedNanos, double cores, long gcPauses, long gcMillis) {
    }

    public static void main(String[] args) throws Exception {
        int[] levels = {1, 100, 500};
        int tokens = 200;
        int rate = 100;
        int rounds = 3;
        int probes = 1000;
        int windowMs = -1;
        int warmUp = 20_000;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "streams" -> levels = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "tokens" -> tokens = Integer.parseInt(kv[1]);
                case "rate" -> rate = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "probes" -> probes = Integer.parseInt(kv[1]);
                case "windowMs" -> windowMs = Integer.parseInt(kv[1]);
                case "warmUp" -> warmUp = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + "; use streams=, tokens=, rate=, rounds=, probes=, windowMs=, warmUp=");
            }
        }
        CoreConfig.Builder builder = CoreConfig.builder().host("127.0.0.1").port(0).heartbeatInterval(Duration.ofSeconds(5))
                .gracePeriod(Duration.ofMillis(200));
        if (windowMs >= 0) {
            builder.sseCoalesceWindow(Duration.ofMillis(windowMs));
        }
        CoreConfig config = builder.build();
        String token = TokenIssuer.forConfig(config.jwt()).issue("bench-user");
        try (CoreServer core = CoreServer.start(config)) {
            run(core.port(), token, 50, 20, 1000); // warm-up, not reported
            byte[] warmProbe = request(token, 1, rate);
            for (int i = 0; i < warmUp; i++) {
                probeOnce(core.port(), warmProbe); // the probes' own path (accept, verify, create, end, close)
            }
            StringBuilder table = new StringBuilder();
            table.append("| concurrent streams | burst TTFE p50 (ms) | burst TTFE p99 (ms) | burst TTFE max (ms) "
                    + "| TTFE at N active p50 (ms) | at N active p99 (ms) | at N active max (ms) | GC pauses during probes (ms) "
                    + "| cores busy at N active "
                    + "| CPU per stream (ms) | events delivered | events/s | failures | load avg |\n");
            table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int level : levels) {
                List<Long> ttfe = new ArrayList<>();
                long events = 0;
                long wall = 0;
                int failures = 0;
                long cpuBefore = processCpuNanos();
                for (int r = 0; r < rounds; r++) {
                    Result result = run(core.port(), token, level, tokens, rate);
                    for (long t : result.ttfeNanos) {
                        if (t > 0) {
                            ttfe.add(t);
                        }
                    }
                    events += result.events;
                    wall += result.wallNanos;
                    failures += result.failures;
                }
                // includes the client side (same process) and the engines' token production
                double cpuPerStream = (processCpuNanos() - cpuBefore) / 1e6 / (level * (double) rounds);
                long[] sorted = ttfe.stream().mapToLong(Long::longValue).sorted().toArray();
                Probes probed = probe(core.port(), token, level, probes, rate);
                long[] active = probed.sortedNanos();
                table.append(String.format("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d (%d) | %.2f | %.2f | %d | %.0f | %d | %.1f |%n",
                        level, ms(pct(sorted, 50)), ms(pct(sorted, 99)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
                        ms(pct(active, 50)), ms(pct(active, 99)), ms(active.length == 0 ? 0 : active[active.length - 1]),
                        probed.gcPauses(), probed.gcMillis(), probed.cores(), cpuPerStream, events, events / (wall / 1e9), failures,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            }
            // CHECKSTYLE.OFF: NoSystemOut
            System.out.println();
            System.out.println("SSE benchmark: " + tokens + " tokens per stream at " + rate + " tokens/s, " + rounds
                    + " rounds per level, " + probes + " probes after " + warmUp + " warm-up probes, SSE coalescing window "
                    + config.sseCoalesceWindow().toMillis() + " ms, in-process core, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.println();
            System.out.print(table);
            // CHECKSTYLE.ON: NoSystemOut
        }
    }

    /** Collections and their total time (ms) so far, over the collectors that pause (G1's young and mixed ones). */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!bean.getName().contains("Concurrent")) {
                count += Math.max(0, bean.getCollectionCount());
                millis += Math.max(0, bean.getCollectionTime());
            }
        }
        return new long[] {count, millis};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static byte[] request(String token, int tokens, int rate) {
        byte[] body = ("{\"message\":\"bench\",\"options\":{\"firstTokenDelayMs\":0,\"tokens\":" + tokens
                + ",\"tokensPerSecond\":" + rate + "}}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * Opens {@code active} streams that keep streaming (tokens at {@code rate}/s for a minute), waits until each
     * has its {@code accepted}, then opens {@code probes} more one at a time and returns their sorted times from
     * send to the first {@code event:} byte. Every socket is closed at the end (the core detaches, then cancels).
     *
     * <p>The {@code active} streams are read by one thread on one selector, the way a load generator should be:
     * with a virtual thread per stream the client side's reads (poller, unpark, carrier) took about a third of
     * the machine's CPU, and the probes measured the run queue of a saturated machine rather than the core.
     */
    private static Probes probe(int port, String token, int active, int probes, int rate) throws Exception {
        byte[] longRequest = request(token, rate * 60, rate);
        byte[] probeRequest = request(token, 1, rate);
        long[] times = new long[probes];
        double cores = 0;
        long gcPauses = 0;
        long gcMillis = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < active; i++) {
                openStream(selector, port, longRequest);
            }
            CountDownLatch accepted = new CountDownLatch(active);
            AtomicBoolean running = new AtomicBoolean(true);
            // the load generator stands in for 500 browsers on other machines: at the core's bulk priority (nice 4
            // under -XX:ThreadPriorityPolicy=1), so that its reads, which are not the core's, delay the probes less
            Thread reader = Thread.ofPlatform().name("sse-bench-readers").priority(Thread.MIN_PRIORITY)
                    .start(() -> readAll(selector, accepted, running));
            try {
                accepted.await();
                Thread.sleep(SETTLE_MS); // steady state, not a wait for a condition
                long cpu = processCpuNanos();
                long[] gcBefore = gc();
                long wall = System.nanoTime();
                for (int p = 0; p < probes; p++) {
                    times[p] = probeOnce(port, probeRequest);
                    Thread.sleep(10); // pacing between probes, not a wait for a condition
                }
                cores = (processCpuNanos() - cpu) / (double) (System.nanoTime() - wall);
                long[] gcAfter = gc();
                gcPauses = gcAfter[0] - gcBefore[0];
                gcMillis = gcAfter[1] - gcBefore[1];
            } finally {
                running.set(false);
                selector.wakeup();
                reader.join();
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            }
        }
        Arrays.sort(times);
        return new Probes(times, cores, gcPauses, gcMillis);
    }

    /** Sends {@code request} on a new connection and registers it with {@code selector}, counted by an {@link EventCounter}. */
    static void openStream(Selector selector, int port, byte[] request) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, new EventCounter());
    }

    /** Reads every background stream until {@code running} is cleared; counts each stream's first event once. */
    private static void readAll(Selector selector, CountDownLatch accepted, AtomicBoolean running) {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        try {
            while (running.get()) {
                selector.select();
                int read = 0;
                for (SelectionKey key : selector.selectedKeys()) {
                    if (++read % READS_PER_YIELD == 0) {
                        Thread.yield(); // let a probe or the core's request threads have the core (see BulkThreads)
                    }
                    EventCounter counter = (EventCounter) key.attachment();
                    buffer.clear();
                    int n = ((SocketChannel) key.channel()).read(buffer);
                    if (n < 0) {
                        key.cancel();
                        n = 0;
                    }
                    boolean had = counter.events > 0;
                    counter.feed(buffer.array(), n);
                    if (!had && (counter.events > 0 || !key.isValid())) {
                        accepted.countDown();
                    }
                }
                selector.selectedKeys().clear();
                if (accepted.getCount() == 0) {
                    // pacing, not a wait for a condition: the data waits in the socket buffers, so each read takes
                    // a few events at once instead of a wake-up and a system call per event
                    Thread.sleep(READ_PACING_MS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One new stream on a new connection, from a plain blocking socket: nanoseconds from send to its first event. */
    private static long probeOnce(int port, byte[] probeRequest) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            InputStream in = socket.getInputStream();
            long sent = System.nanoTime();
            socket.getOutputStream().write(probeRequest);
            EventCounter counter = new EventCounter();
            byte[] buffer = new byte[16384];
            int n;
            while (counter.events == 0 && (n = in.read(buffer)) > 0) {
                counter.feed(buffer, n);
            }
            return System.nanoTime() - sent;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static Result run(int port, String token, int streams, int tokens, int rate) throws Exception {
        byte[] request = request(token, tokens, rate);
        long[] ttfe = new long[streams];
        AtomicLong events = new AtomicLong();
        CountDownLatch connected = new CountDownLatch(streams);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        long start;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    try (Socket socket = new Socket()) {
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress("127.0.0.1", port));
                        connected.countDown();
                        go.await();
                        OutputStream out = socket.getOutputStream();
                        InputStream in = socket.getInputStream();
                        long sent = System.nanoTime();
                        out.write(request);
                        out.flush();
                        EventCounter counter = new EventCounter();
                        byte[] buffer = new byte[16384];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            counter.feed(buffer, n);
                            if (ttfe[index] == 0 && counter.events > 0) {
                                ttfe[index] = System.nanoTime() - sent;
                            }
                            if (counter.done) {
                                break;
                            }
                        }
                        events.addAndGet(counter.events);
                        return counter.done;
                    } catch (IOException e) {
                        connected.countDown();
                        return false;
                    }
                }));
            }
            connected.await();
            start = System.nanoTime();
            go.countDown();
        }
        long wall = System.nanoTime() - start;
        int failures = 0;
        for (Future<Boolean> f : results) {
            if (!f.get()) {
                failures++;
            }
        }
        return new Result(ttfe, events.get(), wall, failures);
    }

    /** Counts {@code event:} lines in the raw response bytes (chunked framing never splits a pattern we miss). */
    static final class EventCounter {
        private static final byte[] EVENT = "\nevent: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DONE = "event: done".getBytes(StandardCharsets.US_ASCII);
        private int eventMatch;
        private int doneMatch;
        long events;
        boolean done;

        void feed(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                byte c = b[i];
                eventMatch = c == EVENT[eventMatch] ? eventMatch + 1 : (c == EVENT[0] ? 1 : 0);
                if (eventMatch == EVENT.length) {
                    events++;
                    eventMatch = 0;
                }
                doneMatch = c == DONE[doneMatch] ? doneMatch + 1 : (c == DONE[0] ? 1 : 0);
                if (doneMatch == DONE.length) {
                    done = true;
                    doneMatch = 0;
                }
            }
        }
    }
}
