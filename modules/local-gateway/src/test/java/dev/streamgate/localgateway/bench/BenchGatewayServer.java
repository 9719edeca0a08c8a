package dev.streamgate.localgateway.bench;

import dev.streamgate.localgateway.Limits;
import dev.streamgate.localgateway.LocalGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway process of {@link IdleConnectionsBench} and {@link ManagementThroughputBench}: a gateway with no
 * routes, measured on request, so the client's memory and CPU never count. Prints {@code PORT=...}; then answers
 * each line on stdin: {@code measure} with {@code connections=N heap=BYTES rss=BYTES} (heap used after two full GCs,
 * resident set size), {@code ids} with {@code ids=ID,ID,...} (the open connections), {@code cpu} with
 * {@code cpu=NANOS} (this process's CPU time, all threads); exits on EOF.
 *
 * <p>Args: {@code [maxPendingMessages]} (default AWS's 10,000; the throughput benchmark lifts it).
 */
public final class BenchGatewayServer {

    private BenchGatewayServer() {
    }

    public static void main(String[] args) throws Exception {
        LocalGateway.Builder builder = LocalGateway.builder().recording(false);
        if (args.length > 0) {
            builder.limits(Limits.builder().maxPendingMessages(Integer.parseInt(args[0])).build());
        }
        try (LocalGateway gateway = builder.build().start()) {
            System.out.println("PORT=" + gateway.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("measure")) {
                    System.out.println("connections=" + gateway.connectionIds().size() + " heap=" + heapAfterGc()
                            + " rss=" + rss());
                } else if (line.equals("ids")) {
                    System.out.println("ids=" + String.join(",", gateway.connectionIds()));
                } else if (line.equals("cpu")) {
                    System.out.println("cpu=" + processCpuNanos());
                }
                System.out.flush();
            }
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
