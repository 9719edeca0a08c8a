package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Route selection, route responses, integration errors and timeouts, and both integration kinds. */
class RoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void actionSelectsItsRoute_andEverythingElseGoesToDefault() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("sendmessage", Integration.handler(TestHandlers.Echo.class))
                .route("$default", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"sendmessage\",\"text\":\"hi\"}");
            assertThat(gateway.takeInvocation(WAIT).routeKey()).isEqualTo("sendmessage");
            client.send("not json at all");
            assertThat(gateway.takeInvocation(WAIT).routeKey()).isEqualTo("$default");
            client.send("{\"action\":\"unknown\"}");
            assertThat(gateway.takeInvocation(WAIT).routeKey()).isEqualTo("$default");
            client.send("{\"action\":\"$connect\"}");
            assertThat(gateway.takeInvocation(WAIT).routeKey()).isEqualTo("$default");
        }
    }

    @Test
    void customSelectionExpression_readsANestedField() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .routeSelectionExpression("$request.body.meta.kind")
                .route("ping", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("{\"meta\":{\"kind\":\"ping\"}}");
            assertThat(gateway.takeInvocation(WAIT).routeKey()).isEqualTo("ping");
        }
    }

    @Test
    void noMatchingRouteAndNoDefault_sendsAwsForbiddenMessage() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("sendmessage", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("hello");
            JsonNode answer = JSON.readTree(client.awaitMessage(WAIT));
            assertThat(answer.get("message").asText()).isEqualTo("Forbidden");
            assertThat(answer.get("connectionId").asText()).isNotBlank();
            assertThat(answer.get("requestId").asText()).isNotBlank();
        }
    }

    @Test
    void twoWayRoute_sendsTheResponseBodyBack_oneWayRouteDoesNot() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("quiet", Integration.handler(TestHandlers.Echo.class))
                .twoWayRoute("echo", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("{\"action\":\"quiet\"}");
            gateway.takeInvocation("quiet", WAIT);
            client.send("{\"action\":\"echo\"}");
            assertThat(client.awaitMessage(WAIT)).isEqualTo("echo:{\"action\":\"echo\"}");
            assertThat(client.messages).isEmpty();
        }
    }

    @Test
    void failingIntegration_sendsInternalServerError() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$default", Integration.handler(TestHandlers.Failing.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("x");
            JsonNode answer = JSON.readTree(client.awaitMessage(WAIT));
            assertThat(answer.get("message").asText()).isEqualTo("Internal server error");
            assertThat(gateway.takeInvocation(WAIT).error()).contains("IllegalStateException: boom");
        }
    }

    @Test
    void slowIntegration_getsTheTimeoutMessageWhileTheHandlerKeepsRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RequestHandler<Map<String, Object>, Map<String, Object>> slow = (event, context) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("statusCode", 200, "body", "late");
        };
        try (LocalGateway gateway = LocalGateway.builder()
                .twoWayRoute("$default", Integration.handler(slow))
                .limits(Limits.builder().integrationTimeout(Duration.ofMillis(200)).build())
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("work");
            JsonNode answer = JSON.readTree(client.awaitMessage(WAIT));
            assertThat(answer.get("message").asText()).isEqualTo("Endpoint request timed out");
            assertThat(answer.has("connectionId")).isTrue();
            assertThat(answer.has("requestId")).isTrue();
            release.countDown();
            Invocation finished = gateway.takeInvocation(WAIT);
            assertThat(finished.timedOut()).isTrue();
            assertThat(finished.responseJson()).contains("late");
        }
    }

    @Test
    void binaryFrame_goesToDefaultBase64Encoded() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$default", Integration.handler(TestHandlers.Echo.class))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.session().getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            Invocation invocation = gateway.takeInvocation(WAIT);
            assertThat(invocation.event().get("isBase64Encoded").asBoolean()).isTrue();
            assertThat(invocation.body()).isEqualTo("AQID");
        }
    }

    @Test
    void streamHandler_getsItsEnvironmentAndARunningClock() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .twoWayRoute("$default", Integration.handler(TestHandlers.StreamGreeter.class, Map.of("GREETING", "hej")))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("x");
            assertThat(client.awaitMessage(WAIT)).isEqualTo("hej remaining>0=true eventBytes>0=true");
        }
    }

    @Test
    void lambdaInvokeIntegration_postsTheEventInTheInvokeApiShape() throws Exception {
        BlockingQueue<String> paths = new LinkedBlockingQueue<>();
        HttpServer function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            byte[] answer = JSON.writeValueAsBytes(Map.of("statusCode", 200,
                    "body", "remote:" + event.get("body").asText()));
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        function.start();
        try (LocalGateway gateway = LocalGateway.builder()
                .twoWayRoute("$default", Integration.lambdaInvoke(
                        URI.create("http://127.0.0.1:" + function.getAddress().getPort()), "echo-fn"))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            client.send("ping");
            assertThat(client.awaitMessage(WAIT)).isEqualTo("remote:ping");
            assertThat(paths.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /2015-03-31/functions/echo-fn/invocations");
        } finally {
            function.stop(0);
        }
    }

    @Test
    void postedBytesThatAreNotUtf8_arriveAsABinaryFrame() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder().build().start()) {
            BlockingQueue<ByteBuffer> binary = new LinkedBlockingQueue<>();
            try (TestClient client = TestClient.connect(gateway.webSocketUrl());
                 var sdk = Sdk.client(gateway)) {
                client.session().addMessageHandler(ByteBuffer.class,
                        (jakarta.websocket.MessageHandler.Whole<ByteBuffer>) binary::add);
                String id = gateway.awaitConnection(WAIT);
                sdk.postToConnection(b -> b.connectionId(id)
                        .data(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {(byte) 0xff, 0})));
                ByteBuffer received = binary.poll(10, TimeUnit.SECONDS);
                assertThat(received).isNotNull();
                assertThat(received.remaining()).isEqualTo(2);
                sdk.postToConnection(b -> b.connectionId(id).data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("é")));
                assertThat(client.awaitMessage(WAIT)).isEqualTo("é");
                assertThat(new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("é");
            }
        }
    }
}
