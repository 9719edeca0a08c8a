package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.handlers.bench.ColdStartBench;
import dev.streamgate.store.ConnectionStore;
import dev.streamgate.store.DynamoDbEmulator;
import dev.streamgate.store.TableDefinitions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code -lambda} jar (after its shade filters) in a fresh JVM with Lambda's flags, against dynalite, a
 * {@code @connections} stub and a core stand-in: {@code $connect}, {@code $default} ping and chat, {@code $disconnect}.
 * Proves the filtered jar still has every class those paths load.
 */
class ShadedJarIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void shadedJarInAFreshJvm_servesConnectPingChatAndDisconnect() throws Exception {
        String connectionId = "conn" + UUID.randomUUID().toString().substring(0, 8) + "=";
        String userId = "user-" + UUID.randomUUID();
        try (ConnectionsStub connections = new ConnectionsStub(); CoreStub core = new CoreStub(SigningConfig.fromEnvironment(Map.of()))) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ColdStartBench.LAMBDA_FLAGS);
            command.add("-Daws.disableEc2Metadata=true");
            command.addAll(List.of("-cp", String.join(File.pathSeparator, lambdaJar().toString(), probeJar().toString(),
                    Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()),
                    ShadedJarProbe.class.getName()));
            for (String[] step : new String[][] {{"ConnectAuthorizer", "authorizer-query-token"}, {"ConnectHandler", "connect"}, {"DefaultHandler", "default-ping"},
                    {"DefaultHandler", "default-chat"}, {"DisconnectHandler", "disconnect"}}) {
                command.add(step[0] + "=" + event(step[1], connectionId, userId));
            }
            // a pong to a connection that is gone: the 410 and its JSON body are mapped to a typed failure, logged, dropped
            command.add("DefaultHandler=" + event("default-ping", "gone" + connectionId, userId));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(Map.of("SG_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString(),
                    "SG_MANAGEMENT_ENDPOINT", connections.endpoint().toString(), "SG_CORE_URL", core.url().toString(),
                    "AWS_REGION", "us-east-1"));
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_LAMBDA") || k.startsWith("SG_") && !k.equals(
                    "SG_DYNAMODB_ENDPOINT") && !k.equals("SG_MANAGEMENT_ENDPOINT") && !k.equals("SG_CORE_URL"));
            Process process = builder.start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(output).as(output).contains("RESULT ConnectAuthorizer Allow", "RESULT ConnectHandler 200", "RESULT DisconnectHandler 200")
                    .doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
            assertThat(output.lines().filter(l -> l.equals("RESULT DefaultHandler 200")).count()).as(output).isEqualTo(3);
            ConnectionsStub.Post pong = connections.take(WAIT);
            assertThat(pong.connectionId()).isEqualTo(connectionId);
            assertThat(pong.body()).contains("\"type\":\"pong\"");
            CoreStub.Call chat = core.take(WAIT);
            assertThat(chat.method()).isEqualTo("POST");
            assertThat(chat.rawPath()).isEqualTo("/internal/v1/streams");
            assertThat(chat.body()).contains(connectionId, userId);
            assertThat(ConnectionStore.create(DYNAMO.client(), TableDefinitions.defaults()).find(connectionId)).isEmpty();
        }
    }

    private Path event(String name, String connectionId, String userId) throws IOException {
        String json;
        try (InputStream in = ShadedJarIT.class.getResourceAsStream("/events/" + name + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = work.resolve(name + "-" + connectionId + ".json");
        Files.writeString(file, json.replace("@CONNECTION_ID@", connectionId).replace("@USER_ID@", userId)
                .replace("@TOKEN@", TokenIssuer.forConfig(JwtConfig.fromEnvironment(Map.of())).issue(userId)));
        return file;
    }

    private Path probeJar() throws IOException {
        Path jar = work.resolve("probe.jar");
        String entry = ShadedJarProbe.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ShadedJarProbe.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(DynamoDbEmulator.repoRoot().resolve("modules/handlers/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst().orElseThrow();
        }
    }
}
