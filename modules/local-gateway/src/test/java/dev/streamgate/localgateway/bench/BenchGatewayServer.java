package dev.streamgate.localgateway.bench;

import dev.streamgate.localgateway.LocalGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway process of {@link IdleConnectionsBench}: a gateway with no routes, measured on request, so the
 * client's memory never counts. Prints {@code PORT=...}; then answers each {@code measure} line on stdin with
 * {@code connections=N heap=BYTES rss=BYTES} (heap used after two full GCs, resident set size); exits on EOF.
 */
public final class BenchGatewayServer {

    private BenchGatewayServer() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalGateway gateway = LocalGateway.builder().recording(false).build().start()) {
            System.out.println("PORT=" + gateway.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("measure")) {
                    System.out.println("connections=" + gateway.connectionIds().size() + " heap=" + heapAfterGc()
                            + " rss=" + rss());
                    System.out.flush();
                }
            }
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
