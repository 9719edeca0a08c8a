package dev.streamgate.handlers.bench;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.streamgate.handlers.ConnectionsStub;
import dev.streamgate.store.DynamoDbEmulator;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Cold start of the shaded Lambda jar: for each variant, N fresh JVMs with the flags of Lambda's java21 runtime each
 * build a {@code DefaultHandler} from the environment and serve one {@code $default} ping (pong posted to a local
 * {@code @connections} stub). Prints a Markdown table of medians; the figure is process start to the answer, which is
 * what a client waits for on a cold start (JVM boot included, Lambda's own runtime start-up excluded).
 *
 * <p>Usage: {@code ColdStartBench [runs]} (default 10), after {@code ./mvnw -pl modules/handlers -am package -DskipTests}.
 * Variants: plain; JDK 25 AOT cache ({@code -XX:AOTCache}, one training run first); AppCDS
 * ({@code -XX:SharedArchiveFile}, what the java21 runtime can use); SnapStart-like (handler built and primed by its
 * {@code org.crac} hook first, the in-JVM clock then covers only the first event, as after a restore). All of them
 * hand the event to the {@code RequestStreamHandler} entry, as the runtime does; one more plain row goes through the
 * runtime's event serializer and the typed entry (what a {@code RequestHandler}-only class costs).
 */
public final class ColdStartBench {

    /**
     * The JVM options Lambda's java21 runtime starts functions with (its bootstrap; TieredStopAtLevel=1 is the documented
     * default since java17), for a 512 MB function. Its {@code -Xshare:auto} is the JDK default and is left out because
     * the JDK refuses it next to the AOT-cache options.
     */
    public static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xmx445645k", "-XX:MaxMetaspaceSize=52429k", "-Djava.net.preferIPv4Stack=true");

    private ColdStartBench() {
    }

    /** Runs the benchmark and prints the table. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = DynamoDbEmulator.repoRoot();
        Path jar = lambdaJar(root.resolve("modules/handlers/target"));
        Path work = Files.createTempDirectory("streamgate-coldstart");
        // CDS and the AOT cache only archive classes from jars, never from directories: the probe goes in a jar of its own
        String classpath = String.join(File.pathSeparator, jar.toString(), probeJar(work).toString(),
                codeSource(LambdaEventSerializers.class));
        List<String[]> rows = new ArrayList<>();
        try (ConnectionsStub connections = new ConnectionsStub()) {
            Map<String, String> env = Map.of("SG_MANAGEMENT_ENDPOINT", connections.endpoint().toString(),
                    "SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort(), "AWS_REGION", "us-east-1");
            rows.add(measure("shaded jar, Lambda java21 flags", List.of(), classpath, env, runs, connections));
            rows.add(measure("same, typed entry (runtime's event serializer)", List.of("typed"), classpath, env, runs, connections));
            try (DynamoDbEmulator dynamo = DynamoDbEmulator.create().start()) {
                StreamStore.create(dynamo.client(), dynamo.tables()).create(StreamRecord.started(ColdStartProbe.OTHER_USERS_STREAM,
                        "another-user", "another-connection", "http://127.0.0.1:" + closedPort(), "bench-request", Instant.now()));
                Map<String, String> withDynamo = new HashMap<>(env);
                withDynamo.put("SG_DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
                rows.add(measure("same, `cancel` of another user's stream (DynamoDB read through the SDK's HTTP client and signer, "
                        + "then the error post)", List.of("cancel"), classpath, withDynamo, runs, connections));
            }

            Path aot = work.resolve("handlers.aot");
            probe(List.of("-XX:AOTCacheOutput=" + aot), classpath, env, connections);
            rows.add(measure("+ JDK 25 AOT cache (-XX:AOTCache)", List.of("-XX:AOTCache=" + aot), classpath, env, runs, connections));

            Path cds = work.resolve("handlers.jsa");
            probe(List.of("-XX:ArchiveClassesAtExit=" + cds), classpath, env, connections);
            rows.add(measure("+ AppCDS (-XX:SharedArchiveFile)", List.of("-XX:SharedArchiveFile=" + cds), classpath, env, runs,
                    connections));
            rows.add(measure("SnapStart-like: in-JVM = first event after init + priming hook", List.of("primed"), classpath, env,
                    runs, connections));
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.printf("%n### Handlers cold start (%d runs per row, one $default ping incl. SDK client set-up)%n%n", runs);
        System.out.println("| variant | median ms (process start → answered) | median ms (in JVM, main → answered)"
                + " | median CPU ms (process, at the answer) | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        System.out.printf("%nShaded jar: %s, %.2f MB (%d bytes). JVM: %s %s. Flags: %s%n", jar.getFileName(),
                Files.size(jar) / 1_048_576.0, Files.size(jar), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                String.join(" ", LAMBDA_FLAGS));
        // CHECKSTYLE.ON: NoSystemOut
    }

    private static String[] measure(String name, List<String> extra, String classpath, Map<String, String> env, int runs,
                                    ConnectionsStub connections) throws Exception {
        List<Double> wall = new ArrayList<>();
        List<Double> inJvm = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double[] result = probe(extra, classpath, env, connections);
            wall.add(result[0]);
            inJvm.add(result[1]);
            cpu.add(result[2]);
        }
        return new String[] {name, format(median(wall)), format(median(inJvm)), format(median(cpu)),
            format(wall.stream().mapToDouble(d -> d).min().orElse(0)), format(wall.stream().mapToDouble(d -> d).max().orElse(0))};
    }

    /** One fresh JVM; returns {wall ms, in-JVM ms, process CPU ms at the answer (distorted least by a loaded machine)}. */
    private static double[] probe(List<String> extra, String classpath, Map<String, String> env, ConnectionsStub connections)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.addAll(extra.stream().filter(e -> e.startsWith("-")).toList());
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName()));
        command.addAll(extra.stream().filter(e -> !e.startsWith("-")).toList());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        double inJvm = -1;
        double cpu = -1;
        double wall = -1;
        // read to the end: a training run writes its AOT cache or CDS archive at exit and must not hit a closed pipe
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("PROBE_MS=")) {
                    String[] fields = line.split(" ");
                    inJvm = Double.parseDouble(fields[0].substring("PROBE_MS=".length()));
                    cpu = Double.parseDouble(fields[1].substring("CPU_MS=".length()));
                    wall = (System.nanoTime() - start) / 1_000_000.0;
                } else if (output.length() < 8_000) {
                    output.append(line).append('\n');
                }
            }
        }
        process.waitFor();
        if (inJvm < 0) {
            throw new IllegalStateException("probe failed: " + output);
        }
        connections.take(Duration.ofSeconds(10));
        return new double[] {wall, inJvm, cpu};
    }

    private static Path probeJar(Path work) throws IOException {
        Path probeJar = work.resolve("probe.jar");
        String entry = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(probeJar))) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + entry + " from the class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return probeJar;
    }

    private static Path lambdaJar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no shaded jar in " + target
                            + ": run ./mvnw -pl modules/handlers -am package -DskipTests first"));
        }
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String format(double ms) {
        return String.format("%.0f", ms);
    }
}
