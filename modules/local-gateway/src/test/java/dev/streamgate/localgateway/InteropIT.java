package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Clients nobody here wrote: the AWS CLI v2 against {@code @connections}, and Python's {@code websockets} as the
 * WebSocket client. Each test skips, saying what to install, only when its tool is absent.
 */
class InteropIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void awsCli_postsGetsAndDeletesConnections() throws Exception {
        String aws = awsCliV2();
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$disconnect", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl(),
                     Map.of("User-Agent", List.of("interop-test")), List.of())) {
            String id = gateway.awaitConnection(WAIT);

            Result post = run(List.of(aws, "apigatewaymanagementapi", "post-to-connection", "--connection-id", id,
                    "--data", "hello from the cli", "--cli-binary-format", "raw-in-base64-out",
                    "--endpoint-url", gateway.managementEndpoint().toString()));
            assertThat(post.exit()).as(post.output()).isZero();
            assertThat(client.awaitMessage(WAIT)).isEqualTo("hello from the cli");

            Result get = run(List.of(aws, "apigatewaymanagementapi", "get-connection", "--connection-id", id,
                    "--endpoint-url", gateway.managementEndpoint().toString(), "--output", "json"));
            assertThat(get.exit()).as(get.output()).isZero();
            JsonNode info = JSON.readTree(get.stdout());
            assertThat(info.get("Identity").get("SourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(info.get("Identity").get("UserAgent").asText()).isEqualTo("interop-test");
            assertThat(info.get("ConnectedAt").asText()).isNotBlank();

            Result delete = run(List.of(aws, "apigatewaymanagementapi", "delete-connection", "--connection-id", id,
                    "--endpoint-url", gateway.managementEndpoint().toString()));
            assertThat(delete.exit()).as(delete.output()).isZero();
            client.awaitClose(WAIT);
            assertThat(gateway.takeInvocation("$disconnect", WAIT).connectionId()).isEqualTo(id);

            Result gone = run(List.of(aws, "apigatewaymanagementapi", "post-to-connection", "--connection-id", id,
                    "--data", "late", "--cli-binary-format", "raw-in-base64-out",
                    "--endpoint-url", gateway.managementEndpoint().toString()));
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.output()).contains("GoneException");
        }
    }

    @Test
    void pythonWebsocketsClient_connectsNegotiatesSubprotocolAndExchangesMessages() throws Exception {
        assumeTrue(run(List.of("/usr/bin/python3", "-c", "import websockets")).exit() == 0,
                "needs Python's websockets for /usr/bin/python3 (Debian: apt-get install python3-websockets)");
        Path script = Files.createTempFile("ws_client", ".py");
        try (var in = InteropIT.class.getResourceAsStream("/interop/ws_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$connect", Integration.handler(TestHandlers.ConfiguredConnect.class, Map.of("PROTOCOL", "chat.v1")))
                .twoWayRoute("echo", Integration.handler(TestHandlers.Echo.class))
                .route("$disconnect", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             var sdk = Sdk.client(gateway)) {
            Process python = new ProcessBuilder("/usr/bin/python3", script.toString(), gateway.webSocketUrl().toString())
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = lines(python);
            try {
                assertThat(next(lines)).isEqualTo("OPEN chat.v1");
                assertThat(next(lines)).isEqualTo("RECV echo:{\"action\":\"echo\",\"text\":\"hi from python\"}");
                JsonNode connect = gateway.takeInvocation("$connect", WAIT).event();
                assertThat(connect.get("headers").get("X-Interop").asText()).isEqualTo("python");
                String id = gateway.awaitConnection(WAIT);
                sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("from the sdk")));
                assertThat(next(lines)).isEqualTo("RECV from the sdk");
                assertThat(next(lines)).isEqualTo("CLOSED");
                JsonNode disconnect = gateway.takeInvocation("$disconnect", WAIT).event();
                assertThat(disconnect.get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1000);
                assertThat(disconnect.get("requestContext").get("disconnectReason").asText()).isEqualTo("bye");
            } finally {
                python.destroy();
                python.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The AWS CLI v2 binary, or the test is skipped saying how to install it. */
    private static String awsCliV2() throws Exception {
        for (String candidate : List.of("/usr/bin/aws", "/usr/local/bin/aws", "aws")) {
            try {
                Result version = run(List.of(candidate, "--version"));
                if (version.exit() == 0 && version.output().startsWith("aws-cli/2")) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next candidate
            }
        }
        assumeTrue(false, "needs the AWS CLI v2 (Debian: apt-get install awscli; .ci/run installs it)");
        return null;
    }

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIDLOCAL");
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Path stderr = Files.createTempFile("cli", ".err");
        try {
            Process process = builder.redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command did not finish: " + command);
            }
            return new Result(process.exitValue(), stdout, stdout + Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("the Python client printed nothing within " + WAIT + "; seen " + seen);
        }
        return line;
    }
}
