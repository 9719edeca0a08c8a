package dev.streamgate.localgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many idle WebSocket connections one gateway holds, and what each costs: the gateway runs in its own JVM
 * ({@link BenchGatewayServer}); this process opens raw connections (spread over 127.0.0.x source addresses) and
 * asks the gateway for its heap after GC and RSS before and after. Prints a Markdown table.
 *
 * <p>Args: {@code [connections (20000)] [gateway JVM options ("-XX:+UseSerialGC -Xmx512m -Xmn8m")]}. Raise
 * {@code ulimit -n} above connections + 200 for both processes; the run is cut to what the limit allows.
 */
public final class IdleConnectionsBench {

    private static final Pattern MEASURE = Pattern.compile("connections=(\\d+) heap=(\\d+) rss=(\\d+)");
    private static final int PER_SOURCE_ADDRESS = 20_000;
    // a small young generation: each handshake's garbage would otherwise grow a young generation that stays
    // committed (resident) after GC, about 4 KiB of RSS per connection with nothing live in it
    private static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -Xmx512m -Xmn8m";

    private IdleConnectionsBench() {
    }

    public static void main(String[] args) throws Exception {
        int wanted = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String jvmOptions = args.length > 1 ? args[1] : DEFAULT_JVM_OPTIONS;
        long fdLimit = openFileLimit();
        int connections = (int) Math.min(wanted, fdLimit - 200);
        if (connections < wanted) {
            System.err.println("ulimit -n is " + fdLimit + ": holding " + connections + " connections instead of " + wanted
                    + " (raise it with ulimit -n " + (wanted + 1000) + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchGatewayServer.class.getName()));
        Process gateway = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(gateway.getOutputStream(), true, StandardCharsets.UTF_8);
        List<RawWebSocket> sockets = new ArrayList<>(connections);
        try {
            String portLine = out.readLine();
            if (portLine == null || !portLine.startsWith("PORT=")) {
                throw new IllegalStateException("gateway process did not start: " + portLine);
            }
            int port = Integer.parseInt(portLine.substring(5));
            // warm the handshake path, so class loading and JIT are in the baseline and not per connection
            for (int i = 0; i < 200; i++) {
                RawWebSocket.connect("127.0.0.1", port, "/local", null).close();
            }
            awaitConnections(in, out, 0);
            long[] before = measure(in, out);
            long started = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                String source = "127.0.0." + (2 + i / PER_SOURCE_ADDRESS);
                sockets.add(RawWebSocket.connect("127.0.0.1", port, "/local", source));
            }
            double connectSeconds = (System.nanoTime() - started) / 1e9;
            long[] after = awaitConnections(in, out, connections);
            long heap = after[1] - before[1];
            long rss = after[2] - before[2];
            System.out.println("| connections | gateway heap after GC (growth) | heap / connection | gateway RSS (growth)"
                    + " | RSS / connection | connect rate | client RSS | gateway JVM |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
            System.out.printf("| %,d | %,d KiB (+%,d KiB) | %,.2f KiB | %,d KiB (+%,d KiB) | %,.2f KiB | %,.0f/s | %,d KiB | `%s` |%n",
                    connections, after[1] / 1024, heap / 1024, heap / 1024.0 / connections, after[2] / 1024, rss / 1024,
                    rss / 1024.0 / connections, connections / connectSeconds, BenchGatewayServer.rss() / 1024, jvmOptions);
        } finally {
            for (RawWebSocket s : sockets) {
                s.close();
            }
            in.close();
            gateway.waitFor();
        }
    }

    private static long[] measure(PrintWriter in, BufferedReader out) throws IOException {
        in.println("measure");
        String line = out.readLine();
        Matcher m = line == null ? null : MEASURE.matcher(line);
        if (m == null || !m.matches()) {
            throw new IllegalStateException("unexpected answer from the gateway process: " + line);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static long[] awaitConnections(PrintWriter in, BufferedReader out, int expected) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            long[] m = measure(in, out);
            if (m[0] == expected || System.nanoTime() > deadline) {
                return m;
            }
        }
    }

    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            }
        }
        return Map.of().size() + 1024L;
    }
}
