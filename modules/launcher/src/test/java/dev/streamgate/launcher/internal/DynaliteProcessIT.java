package dev.streamgate.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.launcher.LocalStackConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dynalite child process: survives the terminal's Ctrl-C (the JVM stops it in order) and clients that go away
 * mid-request, and exits when its standard input closes.
 */
class DynaliteProcessIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DynaliteProcess dynalite;

    @BeforeEach
    void start() {
        LocalStackConfig config = LocalStackConfig.ephemeral().build();
        dynalite = DynaliteProcess.start(config.dynaliteDir(), config.node(), 20_000);
    }

    @AfterEach
    void stop() {
        dynalite.close();
    }

    @Test
    void sigint_isIgnored_andClosingStdinStopsIt() throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(dynalite.pid())).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        assertThat(listTables().statusCode()).isEqualTo(200);
        assertThat(dynalite.isAlive()).isTrue();

        dynalite.close();
        assertThat(dynalite.isAlive()).isFalse();
    }

    @Test
    void aClientThatAbortsMidRequest_doesNotTakeItDown() throws Exception {
        // half a request body, then a reset: what an SDK call that times out leaves behind
        try (Socket socket = new Socket("127.0.0.1", dynalite.port())) {
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                    + "X-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{\"Lim").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0);
        }

        HttpResponse<String> listed = listTables();
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("TableNames");
    }

    private HttpResponse<String> listTables() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(dynalite.endpoint())).timeout(Duration.ofSeconds(5))
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=streamgate-local/20261126/us-east-1/dynamodb/"
                        + "aws4_request, SignedHeaders=host, Signature=00")
                .header("X-Amz-Date", "20261126T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
