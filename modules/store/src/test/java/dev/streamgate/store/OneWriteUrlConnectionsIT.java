package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** A request through {@link OneWriteUrlConnections} reaches the server as one piece: headers and body together. */
class OneWriteUrlConnectionsIT {

    @Test
    void post_arrivesInOneRead_headersAndBody() throws Exception {
        String body = "{\"type\":\"pong\",\"marker\":\"end-of-body\"}";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SdkHttpClient http = OneWriteUrlConnections.create(Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            CompletableFuture<String> firstRead = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[65536];
                    int n = in.read(buffer);
                    String got = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return got;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/prod/@connections/c1"))
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", Integer.toString(body.length()))
                    .build();
            ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    .build());
            HttpExecuteResponse response = call.call();

            assertThat(response.httpResponse().statusCode()).isEqualTo(200);
            String read = firstRead.get(5, TimeUnit.SECONDS);
            assertThat(read).startsWith("POST /prod/@connections/c1 HTTP/1.1").endsWith("end-of-body\"}");
            assertThat(read).doesNotContainIgnoringCase("transfer-encoding: chunked");
        }
    }
}
