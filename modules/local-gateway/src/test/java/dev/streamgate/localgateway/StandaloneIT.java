package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shaded jar runs on its own from a config file, loading handler classes from the configured class path. */
class StandaloneIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void javaDashJar_withAConfigFile_servesTheConfiguredRoutes() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-standalone.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no *-standalone.jar in target/: run mvn package first"));
        }
        Path config = Files.createTempFile("gateway", ".json");
        Files.writeString(config, """
                {
                  "stage": "prod",
                  "classpath": ["%s"],
                  "routes": {
                    "$connect": {"handler": "dev.streamgate.localgateway.TestHandlers$ConfiguredConnect",
                                 "environment": {"PROTOCOL": "chat.v1"}},
                    "$default": {"handler": "dev.streamgate.localgateway.TestHandlers$StreamGreeter",
                                 "environment": {"GREETING": "hello"}, "routeResponse": true}
                  },
                  "limits": {"idleTimeoutMillis": 60000}
                }
                """.formatted(Path.of("target/test-classes").toAbsolutePath()));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), config.toString(), "--port", "0", "--exit-on-stdin-close")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("LOCAL_GATEWAY_PORT=");
            String port = first.substring("LOCAL_GATEWAY_PORT=".length());
            try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/prod"),
                    java.util.Map.of(), List.of("chat.v1"))) {
                assertThat(client.subprotocol).isEqualTo("chat.v1");
                client.send("hi");
                assertThat(client.awaitMessage(WAIT)).isEqualTo("hello remaining>0=true eventBytes>0=true");
            }
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(config);
        }
    }
}
