package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code @connections} endpoint that takes the request and never answers: with every HTTP client the post fails
 * within {@code SG_MANAGEMENT_TIMEOUT_MS} (the core sets no SDK attempt timeout, so this is the only bound), and
 * after its attempts the connection's streams are told it failed.
 */
class StalledPostIT {

    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    // read the request and hold the connection open without a byte of answer
                    Thread.ofVirtual().start(() -> drain(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void drain(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // closed by the client or by the test
        }
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @ParameterizedTest(name = "SG_MANAGEMENT_HTTP_CLIENT={0}")
    @ValueSource(strings = {"url", "apache", "crt"})
    void postThatIsNeverAnswered_failsWithinTheTimeout_andEndsTheConnectionsStreams(String httpClient) throws Exception {
        CoreConfig config = CoreConfig.builder().managementHttpClient(httpClient).managementTimeout(Duration.ofSeconds(1))
                .postMaxAttempts(1).build();
        try (ManagementApi management = new ManagementApi(config)) {
            EventSink sink = management.sink("http://127.0.0.1:" + server.getLocalPort() + "/local", "conn-1=");
            CompletableFuture<EventSink.Closure> closed = new CompletableFuture<>();
            sink.whenClosed(closed::complete);
            long start = System.nanoTime();
            assertThat(sink.deliver(Events.heartbeat("s_1"))).isTrue();
            // 1 s of silence; the CRT check samples once a second, so allow a few
            assertThat(closed.get(15, TimeUnit.SECONDS)).isEqualTo(EventSink.Closure.FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(accepted).isNotEmpty();
        }
    }
}
