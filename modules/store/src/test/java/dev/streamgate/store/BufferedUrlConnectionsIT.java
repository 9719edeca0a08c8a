package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * A request through {@link BufferedUrlConnections} goes out buffered, with {@code Content-Length}, where the stock
 * URL-connection client streams it chunked (it does whenever the request says {@code Transfer-Encoding: chunked}).
 */
class BufferedUrlConnectionsIT {

    @Test
    void chunkedRequest_isSentBufferedWithContentLength() throws Exception {
        String body = "{\"type\":\"pong\",\"marker\":\"end-of-body\"}";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SdkHttpClient http = BufferedUrlConnections.create(Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    byte[] buffer = new byte[4096];
                    // read until the body's last bytes are in (a chunked body would end with 0\r\n\r\n instead)
                    while (!got.toString(StandardCharsets.ISO_8859_1).contains("end-of-body\"}")) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        got.write(buffer, 0, n);
                    }
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return got.toString(StandardCharsets.ISO_8859_1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/prod/@connections/c1"))
                    .putHeader("Content-Type", "application/json")
                    // what makes the stock client stream the body chunked after the headers
                    .putHeader("Transfer-Encoding", "chunked")
                    .build();
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                    .contentStreamProvider(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    .build()).call();

            assertThat(response.httpResponse().statusCode()).isEqualTo(200);
            String sent = received.get(5, TimeUnit.SECONDS);
            assertThat(sent).startsWith("POST /prod/@connections/c1 HTTP/1.1")
                    .containsIgnoringCase("content-length: " + body.length())
                    .doesNotContainIgnoringCase("transfer-encoding")
                    .endsWith("\r\n\r\n" + body);
        }
    }
}
