package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

class LocalGatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalGateway gateway;
    private ApiGatewayManagementApiClient sdk;

    @BeforeEach
    void start() {
        gateway = LocalGateway.builder()
                .stage("dev")
                .route("$connect", Integration.handler(TestHandlers.Echo.class))
                .route("$default", Integration.handler(TestHandlers.Echo.class))
                .route("$disconnect", Integration.handler(TestHandlers.Echo.class))
                .limits(Limits.builder().messageBytes(1000).build())
                .build().start();
        sdk = Sdk.client(gateway);
    }

    @AfterEach
    void stop() {
        sdk.close();
        gateway.close();
    }

    @Test
    void connectMessagePostDisconnect_runsEveryRouteAndDeliversThePost() throws Exception {
        URI uri = URI.create(gateway.webSocketUrl() + "?token=abc&x=1&x=2");
        try (TestClient client = TestClient.connect(uri, Map.of("X-Custom", List.of("v1")), List.of())) {
            Invocation connect = gateway.takeInvocation(WAIT);
            assertThat(connect.routeKey()).isEqualTo("$connect");
            JsonNode event = connect.event();
            JsonNode ctx = event.get("requestContext");
            assertThat(ctx.get("eventType").asText()).isEqualTo("CONNECT");
            assertThat(ctx.get("stage").asText()).isEqualTo("dev");
            assertThat(ctx.get("messageDirection").asText()).isEqualTo("IN");
            assertThat(ctx.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(event.get("queryStringParameters").get("token").asText()).isEqualTo("abc");
            assertThat(event.get("multiValueQueryStringParameters").get("x")).hasSize(2);
            assertThat(event.get("headers").get("X-Custom").asText()).isEqualTo("v1");
            String connectionId = ctx.get("connectionId").asText();

            client.send("{\"action\":\"nothing-configured\",\"n\":1}");
            Invocation message = gateway.takeInvocation("$default", WAIT);
            assertThat(message.body()).isEqualTo("{\"action\":\"nothing-configured\",\"n\":1}");
            assertThat(message.connectionId()).isEqualTo(connectionId);
            assertThat(message.eventType()).isEqualTo("MESSAGE");

            sdk.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("hello")));
            assertThat(client.awaitMessage(WAIT)).isEqualTo("hello");
            ManagementCall post = gateway.takeManagementCall(WAIT);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.connectionId()).isEqualTo(connectionId);
            assertThat(post.bodyText()).isEqualTo("hello");
            assertThat(post.status()).isEqualTo(200);
        }
        Invocation disconnect = gateway.takeInvocation("$disconnect", WAIT);
        assertThat(disconnect.event().get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1000);
    }

    @Test
    void getConnection_returnsIsoTimesAndIdentity() throws Exception {
        try (TestClient client = TestClient.connect(gateway.webSocketUrl(),
                Map.of("User-Agent", List.of("test-agent/1.0")), List.of())) {
            String id = gateway.takeInvocation("$connect", WAIT).connectionId();
            assertThat(gateway.awaitConnection(WAIT)).isEqualTo(id); // registered a moment after the client's handshake
            GetConnectionResponse info = sdk.getConnection(b -> b.connectionId(id));
            assertThat(info.connectedAt()).isBefore(Instant.now().plusSeconds(1));
            assertThat(info.lastActiveAt()).isNotNull();
            assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(info.identity().userAgent()).isEqualTo("test-agent/1.0");
        }
    }

    @Test
    void deleteConnection_closesTheClientAndFiresDisconnect() throws Exception {
        try (TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            String id = gateway.takeInvocation("$connect", WAIT).connectionId();
            assertThat(gateway.awaitConnection(WAIT)).isEqualTo(id); // registered a moment after the client's handshake
            sdk.deleteConnection(b -> b.connectionId(id));
            client.awaitClose(WAIT);
            assertThat(gateway.takeInvocation("$disconnect", WAIT).connectionId()).isEqualTo(id);
            assertThatThrownBy(() -> sdk.getConnection(b -> b.connectionId(id))).isInstanceOf(GoneException.class);
        }
    }

    @Test
    void postToUnknownConnection_throwsGoneException() {
        assertThatThrownBy(() -> sdk.postToConnection(b -> b.connectionId("R1kmxc2VNjMCFIA=")
                .data(SdkBytes.fromUtf8String("x")))).isInstanceOf(GoneException.class);
    }

    @Test
    void postBiggerThanTheMessageLimit_throwsPayloadTooLargeException() throws Exception {
        try (TestClient client = TestClient.connect(gateway.webSocketUrl())) {
            String id = gateway.takeInvocation("$connect", WAIT).connectionId();
            assertThatThrownBy(() -> sdk.postToConnection(b -> b.connectionId(id)
                    .data(SdkBytes.fromUtf8String("x".repeat(1001))))).isInstanceOf(PayloadTooLargeException.class);
        }
    }

    @Test
    void unsignedManagementCall_isRefusedWith403ForbiddenException() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create(gateway.managementEndpoint() + "/@connections/abc%3D"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
        assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Missing Authentication Token");
        assertThat(ForbiddenException.class).isNotNull();
    }
}
