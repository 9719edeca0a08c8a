package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @connections} calls written by hand, byte for byte: pipelined, split, {@code Expect: 100-continue}, chunked,
 * {@code Connection: close}, large. Most are read in front of Grizzly's HTTP codec, the rest by Grizzly's HTTP
 * server; both must answer alike.
 */
class ManagementWireIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AUTH = "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/execute-api/"
            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n";

    private LocalGateway gateway;
    private TestClient client;
    private String path;

    @BeforeEach
    void start() throws Exception {
        gateway = LocalGateway.builder().build().start();
        client = TestClient.connect(gateway.webSocketUrl());
        String id = gateway.awaitConnection(WAIT);
        path = "/local/@connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        gateway.close();
    }

    private String post(String body, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + extraHeaders + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void pipelinedPosts_areAnsweredInOrderAndDelivered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            write(socket, post("one", "") + post("two", "") + "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
                    + "GET /local/@connections/nobody HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n").contains("x-amzn-RequestId: ");
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
            Response get = readResponse(in);
            assertThat(get.head()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/json\r\n");
            assertThat(get.body()).contains("\"connectedAt\"").contains("\"sourceIp\":\"127.0.0.1\"");
            Response gone = readResponse(in);
            assertThat(gone.head()).startsWith("HTTP/1.1 410 Gone\r\n").contains("x-amzn-ErrorType: GoneException\r\n");
            assertThat(gone.body()).isEqualTo("{\"message\":\"Gone\"}");
        }
        assertThat(client.awaitMessage(WAIT)).isEqualTo("one");
        assertThat(client.awaitMessage(WAIT)).isEqualTo("two");
    }

    @Test
    void expectContinue_getsContinueThenTheAnswerOnceTheBodyArrives() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            InputStream in = socket.getInputStream();
            String request = post("after continue", "Expect: 100-continue\r\n");
            int bodyAt = request.indexOf("\r\n\r\n") + 4;
            write(socket, request.substring(0, bodyAt));
            assertThat(readHead(in)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            write(socket, request.substring(bodyAt, bodyAt + 5));
            write(socket, request.substring(bodyAt + 5));
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
            // and the connection goes on
            write(socket, post("next", ""));
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(client.awaitMessage(WAIT)).isEqualTo("after continue");
        assertThat(client.awaitMessage(WAIT)).isEqualTo("next");
    }

    @Test
    void requestSplitAnywhere_isAnsweredOnce() throws Exception {
        String request = post("split", "");
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            for (int cut : new int[] {1, 9, path.length() + 7, request.indexOf("Authorization") + 3, request.length() - 1}) {
                write(socket, request.substring(0, cut));
                write(socket, request.substring(cut));
                assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(client.awaitMessage(WAIT)).isEqualTo("split");
            }
        }
    }

    @Test
    void chunkedAndCloseRequests_goThroughGrizzlysHttpServerWithTheSameAnswers() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            InputStream in = socket.getInputStream();
            write(socket, "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nchu\r\n4\r\nnked\r\n0\r\n\r\n");
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
            // the HTTP server keeps this connection: answers stay in order
            write(socket, post("after chunked", ""));
            assertThat(readResponse(in).head()).startsWith("HTTP/1.1 200 OK\r\n");
            write(socket, "GET /local/@connections/nobody HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            Response gone = readResponse(in);
            assertThat(gone.head()).startsWith("HTTP/1.1 410 Gone\r\n").contains("x-amzn-ErrorType: GoneException\r\n")
                    .contains("Content-Type: application/json\r\n").contains("Content-Length: 18\r\n");
            assertThat(gone.body()).isEqualTo("{\"message\":\"Gone\"}");
        }
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            write(socket, post("closing", "Connection: close\r\n"));
            assertThat(readResponse(socket.getInputStream()).head()).startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(client.awaitMessage(WAIT)).isEqualTo("chunked");
        assertThat(client.awaitMessage(WAIT)).isEqualTo("after chunked");
        assertThat(client.awaitMessage(WAIT)).isEqualTo("closing");
    }

    @Test
    void bothPaths_answerErrorsWithTheSameHeaders() throws Exception {
        List<String> heads = new ArrayList<>();
        for (String connection : new String[] {"", "Connection: close\r\n"}) {
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                write(socket, "POST /local/@connections/nobody HTTP/1.1\r\nHost: x\r\n" + connection
                        + "Content-Length: 2\r\n\r\nhi");
                Response response = readResponse(socket.getInputStream());
                assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
                heads.add(response.head().replaceAll("x-amzn-RequestId: [0-9a-f-]{36}", "x-amzn-RequestId: ID")
                        .replace("Connection: close\r\n", ""));
            }
        }
        assertThat(heads.get(0)).isEqualTo(heads.get(1)).startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void largePost_arrivesAsOneFrame() throws Exception {
        String body = "x".repeat(100_000);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            write(socket, post(body, ""));
            assertThat(readResponse(socket.getInputStream()).head()).startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(client.awaitMessage(WAIT)).isEqualTo(body);
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    record Response(String head, String body) {
    }

    private static Response readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new Response(head, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during the head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
