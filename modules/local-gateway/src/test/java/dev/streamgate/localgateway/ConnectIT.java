package dev.streamgate.localgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** The authorizer and {@code $connect} run during the handshake and decide whether a connection exists. */
class ConnectIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LocalGateway withAuthorizer() {
        return LocalGateway.builder()
                .authorizer(Authorizer.of(Integration.handler(TestHandlers.TokenAuthorizer.class),
                        "route.request.querystring.token"))
                .route("$connect", Integration.handler(TestHandlers.Echo.class))
                .route("$default", Integration.handler(TestHandlers.Echo.class))
                .build().start();
    }

    @Test
    void missingIdentitySource_refusesWith401WithoutCallingTheAuthorizer() {
        try (LocalGateway gateway = withAuthorizer()) {
            assertThat(Handshakes.status(gateway.webSocketUrl())).isEqualTo(401);
            assertThat(gateway.pendingInvocations()).isEmpty();
            assertThat(gateway.connectionIds()).isEmpty();
        }
    }

    @Test
    void deniedPolicy_refusesWith403AndNeverRunsConnect() {
        try (LocalGateway gateway = withAuthorizer()) {
            assertThat(Handshakes.status(URI.create(gateway.webSocketUrl() + "?token=bad"))).isEqualTo(403);
            Invocation authorizer = gateway.takeInvocation(WAIT);
            assertThat(authorizer.kind()).isEqualTo(Invocation.Kind.AUTHORIZER);
            assertThat(gateway.pendingInvocations()).isEmpty();
            assertThat(gateway.connectionIds()).isEmpty();
        }
    }

    @Test
    void allowedPolicy_connectsAndPutsTheContextIntoEveryLaterEvent() throws Exception {
        try (LocalGateway gateway = withAuthorizer();
             TestClient client = TestClient.connect(URI.create(gateway.webSocketUrl() + "?token=good"))) {
            Invocation authorizer = gateway.takeInvocation(WAIT);
            JsonNode auth = authorizer.event();
            assertThat(auth.get("type").asText()).isEqualTo("REQUEST");
            assertThat(auth.get("methodArn").asText())
                    .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:localapi01/local/$connect");
            assertThat(auth.get("queryStringParameters").get("token").asText()).isEqualTo("good");
            assertThat(auth.get("requestContext").get("eventType").asText()).isEqualTo("CONNECT");

            JsonNode connectAuthorizer = gateway.takeInvocation("$connect", WAIT).event()
                    .get("requestContext").get("authorizer");
            assertThat(connectAuthorizer.get("userId").asText()).isEqualTo("user-1");
            assertThat(connectAuthorizer.get("principalId").asText()).isEqualTo("user-1");

            client.send("hi");
            JsonNode messageAuthorizer = gateway.takeInvocation("$default", WAIT).event()
                    .get("requestContext").get("authorizer");
            assertThat(messageAuthorizer.get("tier").asText()).isEqualTo("gold");
        }
    }

    @Test
    void connectAnsweringNon2xx_refusesTheUpgradeWithThatStatus() {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$connect", Integration.handler(TestHandlers.ConfiguredConnect.class, Map.of("STATUS", "403")))
                .build().start()) {
            assertThat(Handshakes.status(gateway.webSocketUrl())).isEqualTo(403);
            assertThat(gateway.connectionIds()).isEmpty();
        }
    }

    @Test
    void connectThatThrows_refusesWith500() {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$connect", Integration.handler(TestHandlers.Failing.class))
                .build().start()) {
            assertThat(Handshakes.status(gateway.webSocketUrl())).isEqualTo(500);
            assertThat(gateway.takeInvocation(WAIT).error()).contains("boom");
        }
    }

    @Test
    void subprotocolChosenByConnect_isEchoedAndTheOfferReachesConnect() throws Exception {
        try (LocalGateway gateway = LocalGateway.builder()
                .route("$connect", Integration.handler(TestHandlers.ConfiguredConnect.class,
                        Map.of("PROTOCOL", "chat.v1")))
                .build().start();
             TestClient client = TestClient.connect(gateway.webSocketUrl(), Map.of(),
                     List.of("token.abc", "chat.v1"))) {
            assertThat(client.subprotocol).isEqualTo("chat.v1");
            assertThat(client.session().getNegotiatedSubprotocol()).isEqualTo("chat.v1");
            JsonNode headers = gateway.takeInvocation(WAIT).event().get("multiValueHeaders");
            assertThat(headers.get("Sec-WebSocket-Protocol").toString()).contains("token.abc");
        }
    }

    @Test
    void postingFromInsideConnect_isGone() throws Exception {
        AtomicReference<ApiGatewayManagementApiClient> sdk = new AtomicReference<>();
        BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
        Object handler = (com.amazonaws.services.lambda.runtime.RequestHandler<Map<String, Object>, Map<String, Object>>)
                (event, context) -> {
                    @SuppressWarnings("unchecked")
                    String id = ((Map<String, Object>) event.get("requestContext")).get("connectionId").toString();
                    try {
                        sdk.get().postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("too early")));
                        outcomes.add("sent");
                    } catch (RuntimeException e) {
                        outcomes.add(e.getClass().getSimpleName());
                    }
                    return Map.of("statusCode", 200);
                };
        try (LocalGateway gateway = LocalGateway.builder().route("$connect", Integration.handler(handler)).build().start()) {
            sdk.set(Sdk.client(gateway));
            try (TestClient client = TestClient.connect(gateway.webSocketUrl())) {
                assertThat(outcomes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("GoneException");
                assertThat(client.session().isOpen()).isTrue();
            } finally {
                sdk.get().close();
            }
        }
    }
}
