package dev.streamgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack {@code make run} starts, on ephemeral ports: every part answers, and close stops them all. */
class LocalStackIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dist;

    private static LocalStack stack;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(dist.resolve("index.html"), "<html>demo</html>");
        stack = LocalStack.start(LocalStackConfig.ephemeral().demoPort(0).demoDist(dist).build());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void banner_namesTheWebSocketUrlWithTokenTheSseUrlAndExamples() {
        String banner = stack.banner();

        assertThat(banner).contains(stack.wsUrl() + "?token=" + stack.token())
                .contains(stack.sseUrl())
                .contains(stack.demoUrl())
                .contains("curl -N -X POST")
                .contains("npx wscat -c");
    }

    @Test
    void demoSite_servesThePageAndAConfigJsonPointingAtTheStack() throws Exception {
        HttpResponse<String> page = get(stack.demoUrl());
        HttpResponse<String> config = get(stack.demoUrl() + "config.json");

        assertThat(page.body()).contains("demo");
        assertThat(config.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(config.body()).contains("\"wsUrl\":\"" + stack.wsUrl() + "\"")
                .contains("\"sseUrl\":\"" + stack.demoUrl() + "api/chat/stream\"")
                .contains("\"token\":\"" + stack.token() + "\"");
    }

    @Test
    void core_isHealthy() throws Exception {
        assertThat(get(stack.coreUrls().get(0) + "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void webSocket_withTheBannerToken_answersPingWithPong() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(stack.wsUrl() + "?token=" + stack.token()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"action\":\"ping\"}", true).get(5, TimeUnit.SECONDS);

            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"pong\"");
        } finally {
            ws.abort();
        }
    }

    @Test
    void sse_withTheBannerToken_acceptsAChat() throws Exception {
        assertSseChatWorks(stack.sseUrl());
    }

    @Test
    void sseThroughTheDemoSiteRelay_acceptsAChat() throws Exception {
        assertSseChatWorks(stack.demoUrl() + "api/chat/stream");
    }

    private static void assertSseChatWorks(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + stack.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"requestId\":\"r1\",\"message\":\"hi\",\"options\":{\"tokens\":3,\"tokensPerSecond\":1000}}"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: accepted").contains("event: done");
    }

    @Test
    void close_stopsDynaliteAndTheListeners() {
        LocalStack other = LocalStack.start(LocalStackConfig.ephemeral().build());
        String dynamo = other.dynamoDbEndpoint();
        String core = other.coreUrls().get(0);

        other.close();

        for (String url : new String[] {dynamo, core + "/health"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(url))
                    .as("after close: %s", url).isInstanceOf(ConnectException.class);
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
