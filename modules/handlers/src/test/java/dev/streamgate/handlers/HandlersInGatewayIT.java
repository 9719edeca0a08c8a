package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import dev.streamgate.core.CoreConfig;
import dev.streamgate.core.CoreServer;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.localgateway.Authorizer;
import dev.streamgate.localgateway.Integration;
import dev.streamgate.localgateway.LocalGateway;
import dev.streamgate.store.DynamoDbEmulator;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStore;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four handlers running inside the local gateway, with dynalite and a signature-checking core stand-in: a real
 * WebSocket client talks to them the way a browser would.
 */
class HandlersInGatewayIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenIssuer TOKENS = TokenIssuer.forConfig(JwtConfig.fromEnvironment(Map.of()));

    private static CoreServer core;
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        // the real core (demo engine): chat, cancel and resume go end to end through its signed internal API
        core = CoreServer.start(CoreConfig.builder().host("127.0.0.1").port(0).engine("demo")
                .signing(SigningConfig.fromEnvironment(Map.of()))
                .dynamoDbEndpoint(DYNAMO.endpoint().toString())
                .streamsTable(DYNAMO.tables().streams().tableName())
                .build());
        gateway = gateway(Map.of("SG_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString(), "SG_CORE_URL", coreUrl()));
    }

    /** No SG_MANAGEMENT_ENDPOINT: the handlers derive it from the event's domain name and stage, as on AWS. */
    private static LocalGateway gateway(Map<String, String> env) {
        return LocalGateway.builder()
                .authorizer(Authorizer.of(Integration.handler(ConnectAuthorizer.class, env)))
                .route("$connect", Integration.handler(ConnectHandler.class, env))
                .route("$default", Integration.handler(DefaultHandler.class, env))
                .route("$disconnect", Integration.handler(DisconnectHandler.class, env))
                .recording(false)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        core.close();
    }

    private static String coreUrl() {
        return core.localUri().toString();
    }

    private static URI url(LocalGateway target, String token) {
        return URI.create(target.webSocketUrl() + (token == null ? "" : "?token=" + token));
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    private static JsonNode next(WsClient client) throws Exception {
        return JSON.readTree(client.next(WAIT));
    }

    @Test
    void connect_withAValidQueryToken_isLetInAndPingGetsPong() throws Exception {
        try (WsClient client = WsClient.connect(url(gateway, TOKENS.issue(user())))) {
            client.send("{\"action\":\"ping\"}");

            assertThat(next(client).path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void connect_withTheTokenAsSubprotocol_isLetInAndGetsStreamgateV1Echoed() throws Exception {
        Map<String, String> env = Map.of("SG_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString(), "SG_CORE_URL", coreUrl());
        try (LocalGateway recording = LocalGateway.builder()
                .authorizer(Authorizer.of(Integration.handler(ConnectAuthorizer.class, env)))
                .route("$connect", Integration.handler(ConnectHandler.class, env))
                .route("$default", Integration.handler(DefaultHandler.class, env))
                .build().start();
             WsClient client = WsClient.connect(url(recording, null), "streamgate.v1", "bearer." + TOKENS.issue(user()))) {
            var connectInvocation = recording.takeInvocation("$connect", WAIT);
            while (connectInvocation.kind() != dev.streamgate.localgateway.Invocation.Kind.ROUTE) {
                connectInvocation = recording.takeInvocation("$connect", WAIT);
            }
            String connectResult = connectInvocation.responseJson();
            assertThat(connectResult).as(connectInvocation.eventJson()).contains("\"Sec-WebSocket-Protocol\":\"streamgate.v1\"");
            assertThat(client.subprotocol()).as("handshake answer; $connect returned %s", connectResult).isEqualTo("streamgate.v1");
            client.send("{\"action\":\"ping\"}");
            assertThat(next(client).path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void connect_withoutTokenOrWithABadOne_isRefused() {
        assertThatThrownBy(() -> WsClient.connect(url(gateway, null))).isInstanceOf(DeploymentException.class);
        assertThatThrownBy(() -> WsClient.connect(url(gateway, "not.a.jwt"))).isInstanceOf(DeploymentException.class);
    }

    @Test
    void chat_isHandedToTheCoreWhichSendsAccepted() throws Exception {
        try (WsClient client = WsClient.connect(url(gateway, TOKENS.issue(user())))) {
            client.send("{\"action\":\"chat\",\"requestId\":\"req-1\",\"message\":\"hello\"}");

            JsonNode accepted = next(client);
            assertThat(accepted.path("type").asText()).isEqualTo("accepted");
            assertThat(accepted.path("requestId").asText()).isEqualTo("req-1");
            assertThat(accepted.path("streamId").asText()).isNotBlank();
        }
    }

    @Test
    void cancel_ofOwnStream_reachesItsOwnerWhichEndsIt() throws Exception {
        try (WsClient client = WsClient.connect(url(gateway, TOKENS.issue(user())))) {
            client.send("{\"action\":\"chat\",\"requestId\":\"req-2\",\"message\":\"hello\"}");
            String streamId = next(client).path("streamId").asText();

            client.send("{\"action\":\"cancel\",\"streamId\":\"" + streamId + "\"}");

            JsonNode done = next(client);
            assertThat(done.path("type").asText()).isEqualTo("done");
            assertThat(done.path("reason").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void resume_ofOwnStreamOnANewConnection_replaysFromTheOwnerAndFinishes() throws Exception {
        String token = TOKENS.issue(user());
        String streamId;
        try (WsClient first = WsClient.connect(url(gateway, token))) {
            first.send("{\"action\":\"chat\",\"requestId\":\"req-3\",\"message\":\"hello\","
                    + "\"options\":{\"tokens\":40,\"tokensPerSecond\":40}}");
            JsonNode accepted = next(first);
            assertThat(accepted.path("type").asText()).isEqualTo("accepted");
            streamId = accepted.path("streamId").asText();
        }
        try (WsClient second = WsClient.connect(url(gateway, token))) {
            second.send("{\"action\":\"resume\",\"streamId\":\"" + streamId + "\",\"lastSeq\":0}");

            JsonNode event = next(second);
            StringBuilder text = new StringBuilder();
            while (!"done".equals(event.path("type").asText())) {
                assertThat(event.path("type").asText()).as(event.toString()).isIn("accepted", "chunk", "heartbeat");
                text.append(event.path("text").asText(""));
                event = next(second);
            }
            assertThat(event.path("streamId").asText()).isEqualTo(streamId);
            assertThat(text).isNotEmpty();
        }
    }

    @Test
    void resume_ofAnotherUsersStream_isRefusedWithForbidden() throws Exception {
        StreamRecord foreign = StreamRecord.started("stream-" + UUID.randomUUID(), "someone-else", "their-connection",
                coreUrl(), "req-x", Instant.now());
        StreamStore.create(DYNAMO.client(), DYNAMO.tables()).create(foreign);
        try (WsClient client = WsClient.connect(url(gateway, TOKENS.issue(user())))) {
            client.send("{\"action\":\"resume\",\"streamId\":\"" + foreign.streamId() + "\",\"lastSeq\":-1}");

            JsonNode error = next(client);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("forbidden");
            assertThat(error.path("streamId").asText()).isEqualTo(foreign.streamId());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"action\":\"chat\",                                   | invalid_json",
        "[1,2,3]                                                 | not_an_object",
        "{\"action\":\"shout\"}                                  | unknown_action",
        "{\"message\":\"no action\"}                             | missing_field",
        "{\"action\":\"cancel\"}                                 | missing_field",
        "{\"action\":\"resume\",\"streamId\":\"s\",\"lastSeq\":\"x\"} | invalid_field",
        "{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"\"} | empty_message"})
    void invalidFrame_getsATypedErrorAndTheConnectionStaysUsable(String frame, String code) throws Exception {
        try (WsClient client = WsClient.connect(url(gateway, TOKENS.issue(user())))) {
            client.send(frame);

            JsonNode error = next(client);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo(code);
            client.send("{\"action\":\"ping\"}");
            assertThat(next(client).path("type").asText()).isEqualTo("pong");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void connect_whenDynamoDbIsDown_isRefusedAndNotLetIn() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort);
        env.put("SG_CORE_URL", coreUrl());
        try (LocalGateway down = gateway(env)) {
            assertThatThrownBy(() -> WsClient.connect(url(down, TOKENS.issue(user())))).isInstanceOf(DeploymentException.class);
            assertThat(down.connectionIds()).isEmpty();
        }
    }
}
