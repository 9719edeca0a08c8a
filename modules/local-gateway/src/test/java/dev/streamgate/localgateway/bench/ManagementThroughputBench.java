package dev.streamgate.localgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code @connections} throughput: P posters (closed loop: one keep-alive HTTP/1.1 connection each, one request in
 * flight per connection as the AWS SDK's clients do, no pipelining, SigV4-shaped header) POST to C connected
 * WebSocket clients; every message carries its send time, so receivers record POST -> receive latency. Prints a
 * Markdown table.
 *
 * <p>The gateway runs in its own JVM ({@link BenchGatewayServer}), so its CPU per message is measured apart from
 * the clients'. The clients are written the way a load generator should be, so they leave the gateway as much of
 * the machine as they can: non-blocking sockets, one selector thread for all posters and one for all receivers
 * (a blocking thread per socket costs two thread wake-ups per message, more CPU than the gateway itself spends).
 *
 * <p>Args: {@code [posters (100)] [connections (100)] [seconds (10)] [payload bytes (64, at least 19)]
 * [gateway JVM options ("-Xmx1g")] [offered posts/s (0: closed loop)]}. With an offered rate the posters are an
 * open loop: posts leave on a schedule, over whichever connection is free, each stamped with its scheduled time,
 * so p99 is the latency at that load rather than the queueing of a closed loop that saturates the machine.
 */
public final class ManagementThroughputBench {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;
    private static final int STAMP = 19;
    private static final byte[] CONTENT_LENGTH = "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
    private final LongAdder received = new LongAdder();
    private final LongAdder posted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running = true;
    /** Offered load in posts/s over all posters; 0: closed loop, each poster sends again as soon as answered. */
    private final long rate;
    private final ArrayDeque<Poster> idle = new ArrayDeque<>();
    /** Set when the measured window starts: the open-loop schedule starts again there, without the warm-up's backlog. */
    private volatile boolean restartSchedule;

    private ManagementThroughputBench(long rate) {
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        int posters = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int payload = Math.max(STAMP, args.length > 3 ? Integer.parseInt(args[3]) : 64);
        String jvmOptions = args.length > 4 ? args[4] : "-Xmx1g";
        long rate = args.length > 5 ? Long.parseLong(args[5]) : 0;
        new ManagementThroughputBench(rate).run(posters, connections, seconds, payload, jvmOptions);
    }

    private void run(int posters, int connections, int seconds, int payload, String jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchGatewayServer.class.getName(),
                "1000000"));
        Process gateway = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(gateway.getOutputStream(), true, StandardCharsets.UTF_8);
        List<SocketChannel> sockets = new ArrayList<>();
        try {
            String portLine = out.readLine();
            // JVM options may make the JVM print first (-XX:StartFlightRecording does)
            while (portLine != null && !portLine.startsWith("PORT=")) {
                portLine = out.readLine();
            }
            if (portLine == null || !portLine.startsWith("PORT=")) {
                throw new IllegalStateException("gateway process did not start: " + portLine);
            }
            int port = Integer.parseInt(portLine.substring(5));
            Selector receiving = Selector.open();
            for (int i = 0; i < connections; i++) {
                SocketChannel socket = webSocket(port);
                sockets.add(socket);
                socket.register(receiving, SelectionKey.OP_READ, new Receiver(payload));
            }
            List<String> ids = awaitIds(in, out, connections);
            Selector posting = Selector.open();
            List<Poster> all = new ArrayList<>();
            for (int i = 0; i < posters; i++) {
                SocketChannel socket = SocketChannel.open();
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                socket.configureBlocking(false);
                sockets.add(socket);
                Poster poster = new Poster(socket, port, ids.get(i % ids.size()), payload);
                poster.key = socket.register(posting, SelectionKey.OP_READ, poster);
                all.add(poster);
            }
            Thread receiver = Thread.ofPlatform().daemon().name("receivers").start(() -> receiveLoop(receiving));
            Thread poster = Thread.ofPlatform().daemon().name("posters").start(() -> postLoop(posting, all));
            // warm-up, then a clean window
            Thread.sleep(Math.min(5_000, seconds * 300L));
            reset();
            long start = System.nanoTime();
            long clientCpuStart = processCpuNanos();
            long gatewayCpuStart = gatewayCpu(in, out);
            double loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long clientCpu = processCpuNanos() - clientCpuStart;
            long gatewayCpu = gatewayCpu(in, out) - gatewayCpuStart;
            long delivered = received.sum();
            long sent = posted.sum();
            long errors = failed.sum();
            long[] counts = snapshot();
            double loadEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            running = false;
            receiving.wakeup();
            posting.wakeup();
            receiver.join(5_000);
            poster.join(5_000);
            // CPU per message says more than messages/s on a shared machine: it does not depend on how much CPU
            // the other processes leave us. The gateway's is its own JVM's (GC and JIT included)
            System.out.println("| posters | offered | connections | payload | posts/s | delivered/s | p50 | p99 | p99.9 |"
                    + " max bucket | errors | gateway CPU / message | client CPU / message | gateway / client cores"
                    + " | load avg (1 min) |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %d | %s | %d | %d B | %,.0f | %,.0f | %s | %s | %s | %s | %d | %.1f µs | %.1f µs"
                            + " | %.2f / %.2f | %.1f → %.1f |%n",
                    posters, rate == 0 ? "closed loop" : String.format("%,d/s", rate), connections, payload, sent / elapsed, delivered / elapsed, percentile(counts, 0.50),
                    percentile(counts, 0.99), percentile(counts, 0.999), percentile(counts, 1.0), errors,
                    perMessage(gatewayCpu, delivered), perMessage(clientCpu, delivered), gatewayCpu / 1e9 / elapsed,
                    clientCpu / 1e9 / elapsed, loadStart, loadEnd);
        } finally {
            running = false;
            for (SocketChannel s : sockets) {
                s.close();
            }
            in.close();
            gateway.waitFor();
        }
    }

    private static double perMessage(long cpuNanos, long messages) {
        return messages == 0 ? 0 : cpuNanos / 1e3 / messages;
    }

    /** A WebSocket upgrade on a blocking socket, then non-blocking for the selector. */
    private static SocketChannel webSocket(int port) throws IOException {
        SocketChannel socket = SocketChannel.open();
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET /local HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "User-Agent: raw-bench\r\n\r\n";
        socket.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        // byte by byte, so nothing after the head (there is nothing yet: no frame is sent before the id is known)
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (socket.read(one) < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) one.get(0));
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head.toString().lines().findFirst().orElse(""));
        }
        socket.configureBlocking(false);
        return socket;
    }

    private static List<String> awaitIds(PrintWriter in, BufferedReader out, int expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            in.println("ids");
            String line = out.readLine();
            if (line == null || !line.startsWith("ids=")) {
                throw new IllegalStateException("unexpected answer from the gateway process: " + line);
            }
            List<String> ids = line.length() == 4 ? List.of() : List.of(line.substring(4).split(","));
            if (ids.size() >= expected) {
                return ids;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ids.size() + " of " + expected + " connections opened");
            }
            Thread.sleep(10);
        }
    }

    private static long gatewayCpu(PrintWriter in, BufferedReader out) throws IOException {
        in.println("cpu");
        String line = out.readLine();
        if (line == null || !line.startsWith("cpu=")) {
            throw new IllegalStateException("unexpected answer from the gateway process: " + line);
        }
        return Long.parseLong(line.substring(4));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void reset() {
        restartSchedule = true;
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

    // ---------------------------------------------------------------- receivers

    private void receiveLoop(Selector selector) {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Receiver r = (Receiver) key.attachment();
                    int n = ((SocketChannel) key.channel()).read(r.buffer);
                    if (n < 0) {
                        key.cancel();
                        if (running) {
                            failed.increment();
                        }
                        continue;
                    }
                    r.frames(this);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                failed.increment();
                System.err.println("receivers stopped: " + e);
            }
        }
    }

    private void delivered(long sentAt) {
        long latency = System.nanoTime() - sentAt;
        histogram.incrementAndGet((int) Math.min(BUCKETS, Math.max(0, latency / BUCKET_NANOS)));
        received.increment();
    }

    /** Frames a server sends (unmasked), parsed out of one buffer per connection. */
    private static final class Receiver {

        final ByteBuffer buffer;

        Receiver(int payload) {
            buffer = ByteBuffer.allocate(Math.max(16 * 1024, 2 * (payload + 14)));
        }

        void frames(ManagementThroughputBench bench) throws IOException {
            buffer.flip();
            while (buffer.remaining() >= 2) {
                int at = buffer.position();
                int b0 = buffer.get(at) & 0xff;
                int b1 = buffer.get(at + 1) & 0x7f;
                int header = 2;
                long length = b1;
                if (b1 == 126) {
                    header = 4;
                    if (buffer.remaining() < header) {
                        break;
                    }
                    length = buffer.getShort(at + 2) & 0xffff;
                } else if (b1 == 127) {
                    header = 10;
                    if (buffer.remaining() < header) {
                        break;
                    }
                    length = buffer.getLong(at + 2);
                }
                if (header + length > buffer.capacity()) {
                    throw new IOException("frame of " + length + " bytes does not fit the buffer");
                }
                if (buffer.remaining() < header + length) {
                    break;
                }
                if ((b0 & 0x0f) == 0x8) {
                    throw new IOException("closed by the gateway");
                }
                long sentAt = 0;
                for (int i = 0; i < STAMP && i < length; i++) {
                    sentAt = sentAt * 10 + (buffer.get(at + header + i) - '0');
                }
                bench.delivered(sentAt);
                buffer.position(at + header + (int) length);
            }
            buffer.compact();
        }
    }

    // ---------------------------------------------------------------- posters

    private void postLoop(Selector selector, List<Poster> posters) {
        try {
            if (rate == 0) {
                for (Poster p : posters) {
                    p.send(System.nanoTime());
                }
            } else {
                idle.addAll(posters);
            }
            long start = System.nanoTime();
            long issued = 0;
            while (running) {
                if (rate > 0 && restartSchedule) {
                    restartSchedule = false;
                    start = System.nanoTime();
                    issued = 0;
                }
                if (rate > 0) {
                    // open loop: post i is due at start + i / rate; it is stamped with that time, so a post that
                    // waits for a free connection counts its wait (no coordinated omission)
                    long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    while (issued < due && !idle.isEmpty()) {
                        idle.poll().send(start + issued * 1_000_000_000L / rate);
                        issued++;
                    }
                    selector.select(1);
                } else {
                    selector.select();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Poster p = (Poster) key.attachment();
                    if (key.isWritable()) {
                        p.flush();
                    }
                    if (key.isValid() && key.isReadable()) {
                        p.read(this);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                failed.increment();
                System.err.println("posters stopped: " + e);
            }
        }
    }

    private void answered(boolean ok) {
        if (ok) {
            posted.increment();
        } else {
            failed.increment();
        }
    }

    /** One keep-alive connection with one request in flight. */
    private final class Poster {

        final SocketChannel socket;
        final byte[] request;
        final int stampAt;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        SelectionKey key;

        Poster(SocketChannel socket, int port, String connectionId, int payload) {
            this.socket = socket;
            String head = "POST /local/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261125/us-east-1/execute-api/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n"
                    + "X-Amz-Date: 20261125T200000Z\r\nContent-Type: application/json\r\nContent-Length: " + payload
                    + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            request = Arrays.copyOf(headBytes, headBytes.length + payload);
            Arrays.fill(request, headBytes.length, request.length, (byte) 'x');
            stampAt = headBytes.length;
            out = ByteBuffer.wrap(request);
        }

        void send(long stamp) throws IOException {
            long now = stamp;
            for (int i = STAMP - 1; i >= 0; i--) {
                request[stampAt + i] = (byte) ('0' + now % 10);
                now /= 10;
            }
            out.clear();
            flush();
        }

        void flush() throws IOException {
            socket.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read(ManagementThroughputBench bench) throws IOException {
            if (socket.read(in) < 0) {
                key.cancel();
                if (running) {
                    failed.increment();
                }
                return;
            }
            // one response at a time: the head, then Content-Length bytes of body
            int end = headEnd();
            if (end < 0) {
                return;
            }
            int length = contentLength(end);
            if (in.position() < end + length) {
                return;
            }
            boolean ok = in.get(9) == '2' && in.get(10) == '0' && in.get(11) == '0';
            in.flip();
            in.position(end + length);
            in.compact();
            bench.answered(ok);
            if (running && bench.rate == 0) {
                send(System.nanoTime());
            } else if (running) {
                bench.idle.add(this);
            }
        }

        private int headEnd() {
            for (int i = 3; i < in.position(); i++) {
                if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        // no String per response: the bench's own garbage would add GC pauses to the latencies it measures
        private int contentLength(int end) {
            byte[] b = in.array();
            byte[] name = CONTENT_LENGTH;
            for (int i = 0; i + name.length <= end; i++) {
                int k = 0;
                while (k < name.length && (b[i + k] | (k >= 2 ? 0x20 : 0)) == name[k]) {
                    k++;
                }
                if (k == name.length) {
                    int value = 0;
                    for (int j = i + k; j < end && b[j] != '\r'; j++) {
                        if (b[j] >= '0' && b[j] <= '9') {
                            value = value * 10 + (b[j] - '0');
                        }
                    }
                    return value;
                }
            }
            return 0;
        }
    }
}
