package dev.streamgate.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The opt-in LocalStack tier: deploys the WebSocket API, the four Lambdas, the tables and the core to
 * LocalStack, then runs the black-box e2e suite ({@code dev.streamgate.e2e}) against it.
 *
 * <p>Needs Docker and {@code LOCALSTACK_AUTH_TOKEN} (WebSocket APIs are not in LocalStack's free plan and
 * its image needs a token); without either it is skipped, saying which is missing.
 */
@ExtendWith(RequiresDockerAndLocalStackToken.class)
class StreamgateLocalStackIT {
    static final String E2E_PACKAGE = "dev.streamgate.e2e";

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
    void blackBoxSuite_passesAgainstLocalStack() {
        Map<String, String> target = deployment.target();
        // Handshake: the suite reads SG_E2E_* from system properties first, then the environment.
        target.forEach(System::setProperty);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(E2E_PACKAGE))
                .configurationParameters(target)
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFoundCount())
                .as("no tests in package %s: add the e2e module's test-jar as a test dependency of infra", E2E_PACKAGE)
                .isPositive();
        assertThat(summary.getFailures()).as("e2e failures against LocalStack").isEmpty();
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
