package dev.streamgate.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.launcher.LocalStackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dynalite child process: survives the terminal's Ctrl-C (the JVM stops it in order), exits when told. */
class DynaliteProcessIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigint_isIgnored_andClosingStdinStopsIt() throws Exception {
        LocalStackConfig config = LocalStackConfig.ephemeral().build();
        DynaliteProcess dynalite = DynaliteProcess.start(config.dynaliteDir(), config.node(), 20_000);
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(dynalite.pid())).start();
            assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();

            HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(dynalite.endpoint()))
                    .timeout(Duration.ofSeconds(5))
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=streamgate-local/20261126/us-east-1/dynamodb/"
                            + "aws4_request, SignedHeaders=host, Signature=00")
                    .header("X-Amz-Date", "20261126T000000Z")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(dynalite.isAlive()).isTrue();
        } finally {
            dynalite.close();
        }
        assertThat(dynalite.isAlive()).isFalse();
    }
}
