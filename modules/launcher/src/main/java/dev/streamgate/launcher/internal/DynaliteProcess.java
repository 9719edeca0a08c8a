package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynalite DynamoDB emulator as a child process: {@code node tools/dynalite/server.js 0}.
 *
 * <p>The store module's {@code DynamoDbEmulator} is a JUnit helper in its test-jar; a runnable app must not put
 * test artifacts on its class path, so the launcher keeps this small process wrapper of its own. dynalite exits
 * when its standard input closes, so even a {@code kill -9} of the JVM does not leave it running.
 */
public final class DynaliteProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynaliteProcess.class);
    private static final String PORT_LINE = "DYNALITE_PORT=";

    private final Process process;
    private final int port;

    private DynaliteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts dynalite from {@code dynaliteDir} (the folder holding {@code server.js} and its {@code node_modules}).
     *
     * @throws LocalStackStartException when Node or dynalite is missing or it does not report its port in time
     */
    public static DynaliteProcess start(Path dynaliteDir, String nodeCommand, long timeoutMillis) {
        Path server = dynaliteDir.resolve("server.js");
        if (!Files.isRegularFile(server)) {
            throw new LocalStackStartException("dynalite not found at " + server
                    + ": run from the repository root or set SG_DYNALITE_DIR to the tools/dynalite folder");
        }
        if (!Files.isDirectory(dynaliteDir.resolve("node_modules/dynalite"))) {
            throw new LocalStackStartException("dynalite is not installed in " + dynaliteDir
                    + ": run scripts/install-tools.sh (npm ci in tools/dynalite)");
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(nodeCommand, server.toString(), "0"))
                    .directory(dynaliteDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new LocalStackStartException("could not run '" + nodeCommand
                    + "': install Node.js >= 20 (Debian: apt-get install nodejs) or set SG_NODE", e);
        }
        CompletableFuture<Integer> portFuture = CompletableFuture.supplyAsync(() -> readPort(process));
        try {
            int port = portFuture.get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.debug("dynalite started port={} pid={}", port, process.pid());
            return new DynaliteProcess(process, port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LocalStackStartException("interrupted while waiting for dynalite to start", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new LocalStackStartException("dynalite did not print " + PORT_LINE + "<port> within " + timeoutMillis
                    + " ms: check that `node " + server + " 0` runs by hand", e);
        }
    }

    private static int readPort(Process process) {
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(PORT_LINE)) {
                    return Integer.parseInt(line.substring(PORT_LINE.length()).trim());
                }
            }
        } catch (IOException e) {
            throw new LocalStackStartException("could not read dynalite's output", e);
        }
        throw new LocalStackStartException("dynalite exited with code " + process.exitValue() + " before listening");
    }

    /** The process id of the Node process. */
    public long pid() {
        return process.pid();
    }

    /** Whether the Node process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The port dynalite listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The endpoint URL for an AWS SDK DynamoDB client. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Closes dynalite's standard input (it exits by itself), then makes sure it is gone. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
