package dev.streamgate.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The opt-in LocalStack tier: deploys the WebSocket API, the four Lambdas, the tables and the core to
 * LocalStack, then runs the black-box e2e suite ({@code modules/e2e}, {@code make build} first) against it.
 *
 * <p>Needs Docker and {@code LOCALSTACK_AUTH_TOKEN} (WebSocket APIs are not in LocalStack's free plan and
 * its image needs a token); without either it is skipped, saying which is missing.
 */
@ExtendWith(RequiresDockerAndLocalStackToken.class)
class StreamgateLocalStackIT {
    static final String E2E_MODULE = "modules/e2e";

    static LocalStackDeployment deployment;

    @BeforeAll
    static void deployToLocalStack() {
        deployment = LocalStackDeployment.start(System.getenv(RequiresDockerAndLocalStackToken.TOKEN_VARIABLE));
    }

    @AfterAll
    static void tearDown() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void connect_withoutToken_isRefusedByTheAuthorizer() {
        URI ws = URI.create(deployment.target().get("SG_E2E_WS_URL"));
        assertThat(open(ws)).isInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void connect_withToken_opens() {
        URI ws = URI.create(deployment.target().get("SG_E2E_WS_URL") + "?token=" + deployment.target().get("SG_E2E_TOKEN"));
        assertThat(open(ws)).isNull();
    }

    @Test
    void blackBoxSuite_passesAgainstLocalStack() throws IOException, InterruptedException {
        // The same suite that runs against the local gateway, in its own Maven run: E2eTargets reads SG_E2E_* from the
        // environment, and SG_E2E_WS_URL switches it from the in-process local stack to this deployment.
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path log = Path.of("target", "localstack-e2e.log").toAbsolutePath();
        ProcessBuilder maven = new ProcessBuilder(repo.resolve("mvnw").toString(), "-B", "-ntp", "-pl", E2E_MODULE, "verify")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        maven.environment().putAll(deployment.target());
        Process run = maven.start();
        boolean finished = run.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        assertThat(finished).as("e2e suite still running after 30 minutes; see %s", log).isTrue();
        assertThat(run.exitValue()).as("e2e suite against LocalStack failed; see %s", log).isZero();
    }

    /** Opens and closes a WebSocket; returns the handshake failure, or null when it opened. */
    private static Throwable open(URI uri) {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new WebSocket.Listener() { }).orTimeout(30, TimeUnit.SECONDS).join();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
