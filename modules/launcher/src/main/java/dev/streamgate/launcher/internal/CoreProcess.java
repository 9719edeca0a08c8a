package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A core instance in a JVM of its own ({@code dev.streamgate.core.CoreServer} on this JVM's class path), so it can
 * be killed the way a crashed ECS task dies: no goodbye, no {@code done}, sockets reset.
 */
public final class CoreProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoreProcess.class);
    private static final String MAIN = "dev.streamgate.core.CoreServer";

    /** How much of the end of a failed core's output goes into the start failure. */
    private static final int OUTPUT_TAIL_BYTES = 2048;

    private final Process process;
    private final String url;
    private final Path output;

    private CoreProcess(Process process, String url, Path output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /**
     * Starts a core JVM with {@code env} (which must fix {@code SG_PORT}) and waits until {@code /health} answers.
     *
     * @throws LocalStackStartException when it does not become healthy within {@code timeout}, or exits first
     *     (with a {@link BindException} as the cause when it could not listen on its port)
     */
    public static CoreProcess start(Map<String, String> env, String host, int port, Duration timeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"), MAIN))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process;
        Path output;
        try {
            // its output goes to a file, so that a start failure can say why (and a long run fills no pipe)
            output = Files.createTempFile("streamgate-core-", ".log");
            process = pb.redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new LocalStackStartException("could not start a core JVM with " + java, e);
        }
        String url = "http://" + host + ":" + port;
        CoreProcess core = new CoreProcess(process, url, output);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = core.outputTail();
                core.deleteOutput();
                String message = "core JVM exited with " + process.exitValue() + " during start; its output ends with:\n" + tail;
                throw tail.contains("cannot listen on")
                        ? new LocalStackStartException(message, new BindException("core port " + port + " taken"))
                        : new LocalStackStartException(message);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    LOG.debug("core process healthy url={} pid={}", url, process.pid());
                    return core;
                }
            } catch (IOException e) {
                // not listening yet: the wait is bounded by the deadline, each try by its own timeout
                process.onExit().completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                core.kill();
                throw new LocalStackStartException("interrupted while starting a core", e);
            }
        }
        core.kill();
        throw new LocalStackStartException("core at " + url + " was not healthy within " + timeout.toMillis() + " ms");
    }

    private String outputTail() {
        try {
            byte[] all = Files.readAllBytes(output);
            int from = Math.max(0, all.length - OUTPUT_TAIL_BYTES);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(its output could not be read: " + e + ")";
        }
    }

    private void deleteOutput() {
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", output, e.toString());
        }
    }

    /** The core's base URL. */
    public String url() {
        return url;
    }

    /** Kills the JVM at once (SIGKILL): the crash a client must survive. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
        deleteOutput();
    }

    /** Stops the JVM normally (SIGTERM, its shutdown hook runs). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        deleteOutput();
    }
}
