package dev.streamgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory DynamoDB (dynalite, run by Node from {@code tools/dynalite}) on an ephemeral port, with the streamgate
 * tables created; for tests and the local stack.
 *
 * <p>Use it as a JUnit 5 extension ({@code @RegisterExtension static final DynamoDbEmulator DYNAMO =
 * DynamoDbEmulator.create();}: started before all tests of the class, stopped after) or as an {@link AutoCloseable}
 * ({@code try (var dynamo = DynamoDbEmulator.create().start()) {...}}). {@link #stop()} kills the process while the
 * object stays usable, which is how tests make "DynamoDB is down".
 */
public final class DynamoDbEmulator implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final String PORT_PREFIX = "DYNALITE_PORT=";
    private static final long START_TIMEOUT_SECONDS = 30;

    private final TableDefinitions tables;
    private Process process;
    private URI endpoint;
    private DynamoDb client;

    private DynamoDbEmulator(TableDefinitions tables) {
        this.tables = tables;
    }

    /** An emulator (not yet started) that will create the default tables. */
    public static DynamoDbEmulator create() {
        return create(TableDefinitions.defaults());
    }

    /** An emulator (not yet started) that will create these tables. */
    public static DynamoDbEmulator create(TableDefinitions tables) {
        return new DynamoDbEmulator(tables);
    }

    /** Starts dynalite, waits for its port and creates the tables; returns this. */
    public synchronized DynamoDbEmulator start() {
        if (process != null) {
            return this;
        }
        Path root = repoRoot();
        Path server = root.resolve("tools/dynalite/server.js");
        if (!Files.isDirectory(root.resolve("tools/dynalite/node_modules/dynalite"))) {
            throw new IllegalStateException("the DynamoDB emulator is not installed (" + root.resolve("tools/dynalite/node_modules")
                    + " is missing): run scripts/install-tools.sh (or make tools) first");
        }
        Process started;
        try {
            started = new ProcessBuilder("node", server.toString(), "0").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `node` for the DynamoDB emulator: install Node.js >= 20"
                    + " (Debian: apt-get install nodejs npm) and run scripts/install-tools.sh", e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> readOutput(started, port, output), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        int boundPort;
        try {
            boundPort = port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the DynamoDB emulator", e);
        } catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            throw new IllegalStateException("the DynamoDB emulator did not print its port within " + START_TIMEOUT_SECONDS
                    + " s; its output was: " + output + " (run scripts/install-tools.sh if dynalite is missing)", e);
        }
        process = started;
        endpoint = URI.create("http://127.0.0.1:" + boundPort);
        // not the fail-fast Lambda settings: a test machine under load must not time out creating tables
        client = DynamoDb.create(endpoint, "us-east-1", DynamoDbClients.localCredentials(),
                new AwsJsonClient.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 3));
        createTables(tables);
        return this;
    }

    /** Creates these tables (e.g. with other names) in the running emulator. */
    public void createTables(TableDefinitions definitions) {
        // false for a table that exists (e.g. a retried create whose first attempt went through): all we want
        definitions.all().forEach(client()::createTable);
    }

    /** The tables this emulator created at start. */
    public TableDefinitions tables() {
        return tables;
    }

    /** The emulator's endpoint, e.g. {@code http://127.0.0.1:41234} (for {@code SG_DYNAMODB_ENDPOINT}). */
    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("the DynamoDB emulator is not started: call start() or register it as an extension");
        }
        return endpoint;
    }

    /** A client for the emulator: URL-connection HTTP client, region us-east-1, dummy credentials, generous timeouts. */
    public synchronized DynamoDb client() {
        endpoint();
        return client;
    }

    /** The raw item (DynamoDB JSON) with this string key in this table, or null; for tests that check the stored form. */
    public JsonNode rawItem(String table, String keyName, String keyValue) {
        ObjectNode key = DynamoDb.object();
        key.putObject(keyName).put("S", keyValue);
        ObjectNode request = DynamoDb.object().put("TableName", table).put("ConsistentRead", true);
        request.set("Key", key);
        return client().call("GetItem", request).get("Item");
    }

    /** Kills the emulator process; the endpoint then refuses connections ("DynamoDB is down"). Idempotent. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing stdin is only the polite way to stop it; destroy below is the sure one
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the emulator and closes the client. */
    @Override
    public synchronized void close() {
        stop();
        if (client != null) {
            client.close();
        }
        process = null;
        client = null;
        endpoint = null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The repository root: the nearest directory upwards from the working directory that holds {@code mvnw}. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with mvnw above " + dir + ": run the tests from inside the streamgate repository");
    }

    private static void readOutput(Process process, CompletableFuture<Integer> port, StringBuffer output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!port.isDone() && line.startsWith(PORT_PREFIX)) {
                    port.complete(Integer.parseInt(line.substring(PORT_PREFIX.length()).trim()));
                } else if (output.length() < 4_000) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("dynalite exited before printing its port"));
    }
}
