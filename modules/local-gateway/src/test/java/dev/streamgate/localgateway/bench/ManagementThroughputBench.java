package dev.streamgate.localgateway.bench;

import dev.streamgate.localgateway.Limits;
import dev.streamgate.localgateway.LocalGateway;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code @connections} throughput: P posters (closed loop, one keep-alive HTTP/1.1 connection each, SigV4-shaped
 * header) POST to C connected WebSocket clients; every message carries its send time, so receivers record POST ->
 * receive latency. Gateway and clients share this JVM and the machine's cores. Prints a Markdown table.
 *
 * <p>Args: {@code [posters (100)] [connections (100)] [seconds (10)] [payload bytes (64)]}.
 */
public final class ManagementThroughputBench {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
    private final LongAdder received = new LongAdder();
    private final LongAdder posted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running = true;

    private ManagementThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int posters = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        new ManagementThroughputBench().run(posters, connections, seconds, payload);
    }

    private void run(int posters, int connections, int seconds, int payload) throws Exception {
        try (LocalGateway gateway = LocalGateway.builder().recording(false)
                .limits(Limits.builder().maxPendingMessages(1_000_000).build()).build().start()) {
            List<RawWebSocket> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                RawWebSocket client = RawWebSocket.connect("127.0.0.1", gateway.port(), "/local", null).buffered();
                clients.add(client);
                threads.add(Thread.ofPlatform().daemon().name("receiver-" + i).start(() -> receive(client)));
            }
            List<String> ids = gateway.awaitConnections(connections, Duration.ofSeconds(30));
            for (int i = 0; i < posters; i++) {
                String id = ids.get(i % ids.size());
                threads.add(Thread.ofPlatform().daemon().name("poster-" + i).start(
                        () -> post(gateway.port(), id, payload)));
            }
            // warm-up, then a clean window
            Thread.sleep(Math.min(5_000, seconds * 300L));
            reset();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            double loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = processCpuNanos() - cpuStart;
            long delivered = received.sum();
            long sent = posted.sum();
            long errors = failed.sum();
            long[] counts = snapshot();
            running = false;
            // CPU per message (gateway and clients together, this process) says more than messages/s on a shared
            // machine: it does not depend on how much CPU the other processes leave us
            double cpuMicrosPerMessage = delivered == 0 ? 0 : cpu / 1e3 / delivered;
            System.out.println("| posters | connections | payload | posts/s | delivered/s | p50 | p99 | p99.9 | max bucket |"
                    + " errors | process CPU / message | CPU used | load avg (1 min) |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %d | %d | %d B | %,.0f | %,.0f | %s | %s | %s | %s | %d | %.1f µs | %.2f cores | %.1f |%n",
                    posters, connections, payload, sent / elapsed, delivered / elapsed, percentile(counts, 0.50),
                    percentile(counts, 0.99), percentile(counts, 0.999), percentile(counts, 1.0), errors,
                    cpuMicrosPerMessage, cpu / 1e9 / elapsed, loadStart);
            for (RawWebSocket client : clients) {
                client.close();
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void reset() {
        received.reset();
        posted.reset();
        failed.reset();
        for (int i = 0; i <= BUCKETS; i++) {
            histogram.set(i, 0);
        }
    }

    private long[] snapshot() {
        long[] counts = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            counts[i] = histogram.get(i);
        }
        return counts;
    }

    private static String percentile(long[] counts, double p) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return "n/a";
        }
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS ? ">1 s" : String.format("%.2f ms", (i + 1) * BUCKET_NANOS / 1e6);
            }
        }
        return "n/a";
    }

    private void receive(RawWebSocket client) {
        byte[] buffer = new byte[256 * 1024];
        try {
            while (running) {
                int n = client.readFrame(buffer);
                if (n < 0) {
                    return;
                }
                long sentAt = 0;
                for (int i = 0; i < 19; i++) {
                    sentAt = sentAt * 10 + (buffer[i] - '0');
                }
                long latency = System.nanoTime() - sentAt;
                histogram.incrementAndGet((int) Math.min(BUCKETS, Math.max(0, latency / BUCKET_NANOS)));
                received.increment();
            }
        } catch (IOException e) {
            if (running) {
                failed.increment();
            }
        }
    }

    private void post(int port, String connectionId, int payload) {
        String head = "POST /local/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261125/us-east-1/execute-api/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n"
                + "X-Amz-Date: 20261125T200000Z\r\nContent-Type: application/json\r\nContent-Length: " + payload
                + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + payload);
        Arrays.fill(request, headBytes.length, request.length, (byte) 'x');
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            // buffered: reading the response head byte by byte costs a system call per byte, which made the
            // posters, not the gateway, the bottleneck
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            while (running) {
                String now = String.format("%019d", System.nanoTime());
                for (int i = 0; i < 19 && i < payload; i++) {
                    request[headBytes.length + i] = (byte) now.charAt(i);
                }
                out.write(request);
                String response = RawWebSocket.readHead(in);
                int length = contentLength(response);
                in.skipNBytes(length);
                if (response.startsWith("HTTP/1.1 200")) {
                    posted.increment();
                } else {
                    failed.increment();
                }
            }
        } catch (IOException e) {
            if (running) {
                failed.increment();
                System.err.println("poster stopped: " + e);
            }
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
