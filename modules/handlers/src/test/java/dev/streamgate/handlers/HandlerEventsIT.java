package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.auth.SigningConfig;
import dev.streamgate.handlers.internal.HandlerRuntime;
import dev.streamgate.handlers.internal.MalformedEventException;
import dev.streamgate.store.ConnectionStore;
import dev.streamgate.store.DynamoDbEmulator;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStatus;
import dev.streamgate.store.StreamStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each route's handler invoked with real API Gateway event JSON, against dynalite, a {@code @connections} stub and a core stub. */
class HandlerEventsIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectionsStub connections;
    private static CoreStub core;
    private static Map<String, String> env;
    private static ConnectHandler connect;
    private static DefaultHandler defaultRoute;
    private static DisconnectHandler disconnect;

    private final String connectionId = "conn" + UUID.randomUUID().toString().substring(0, 8) + "=";
    private final String userId = "user-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws IOException {
        connections = new ConnectionsStub();
        core = new CoreStub(SigningConfig.fromEnvironment(Map.of()));
        env = Map.of(
                "SG_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString(),
                "SG_MANAGEMENT_ENDPOINT", connections.endpoint().toString(),
                "SG_CORE_URL", core.url().toString(),
                "SG_MAX_CONNECTIONS_PER_USER", "2");
        connect = new ConnectHandler(env);
        defaultRoute = new DefaultHandler(env);
        disconnect = new DisconnectHandler(env);
    }

    @AfterAll
    static void stop() {
        connections.close();
        core.close();
    }

    private APIGatewayV2WebSocketEvent event(String name, String streamId) {
        return EventFixtures.load(name, APIGatewayV2WebSocketEvent.class,
                Map.of("CONNECTION_ID", connectionId, "USER_ID", userId, "STREAM_ID", streamId));
    }

    private APIGatewayV2WebSocketEvent event(String name) {
        return event(name, "unused");
    }

    /** Runs the stream entry (the one the Lambda runtime calls) on a fixture's raw JSON; returns the response JSON. */
    private JsonNode viaStream(RequestStreamHandler handler, String name) throws IOException {
        String json = EventFixtures.json(name, Map.of("CONNECTION_ID", connectionId, "USER_ID", userId, "STREAM_ID", "unused"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private JsonNode nextFrame() throws Exception {
        ConnectionsStub.Post post = connections.take(WAIT);
        assertThat(post.connectionId()).isEqualTo(connectionId);
        return JSON.readTree(post.body());
    }

    private StreamRecord streamOf(String owner) {
        StreamRecord record = StreamRecord.started("stream-" + UUID.randomUUID(), owner, "old-connection", core.url().toString(),
                "req-" + UUID.randomUUID(), Instant.now());
        StreamStore.create(DYNAMO.client(), DYNAMO.tables()).create(record);
        return record;
    }

    private static int status(APIGatewayV2WebSocketResponse response) {
        return response.getStatusCode();
    }

    @Test
    void connect_recordsTheConnectionAndAnswers200WithoutSubprotocol() {
        APIGatewayV2WebSocketResponse response = connect.handleRequest(event("connect"), null);

        assertThat(status(response)).isEqualTo(200);
        assertThat(response.getHeaders()).isNullOrEmpty();
        assertThat(ConnectionStore.create(DYNAMO.client(), DYNAMO.tables()).find(connectionId)).get()
                .satisfies(r -> assertThat(r.userId()).isEqualTo(userId));
    }

    @Test
    void connect_whenTheTokenCameAsSubprotocol_echoesStreamgateV1Only() {
        APIGatewayV2WebSocketResponse response = connect.handleRequest(event("connect-subprotocol"), null);

        assertThat(status(response)).isEqualTo(200);
        assertThat(response.getHeaders()).containsExactly(Map.entry("Sec-WebSocket-Protocol", "streamgate.v1"));
    }

    @Test
    void connect_withoutAuthorizerUser_isRefusedAndNotRecorded() {
        assertThat(status(connect.handleRequest(event("connect-without-authorizer"), null))).isEqualTo(403);
        assertThat(ConnectionStore.create(DYNAMO.client(), DYNAMO.tables()).find(connectionId)).isEmpty();
    }

    @Test
    void connect_overTheUsersLimit_isRefusedWith429() {
        Map<String, String> ids = new HashMap<>(Map.of("USER_ID", userId, "STREAM_ID", "x"));
        for (int i = 0; i < 2; i++) {
            ids.put("CONNECTION_ID", "limit" + i + connectionId);
            assertThat(status(connect.handleRequest(EventFixtures.load("connect", APIGatewayV2WebSocketEvent.class, ids), null)))
                    .isEqualTo(200);
        }
        assertThat(status(connect.handleRequest(event("connect"), null))).isEqualTo(429);
    }

    @Test
    void connect_whenDynamoDbIsDown_refusesWith500() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> down = new HashMap<>(env);
        down.put("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort);

        assertThat(status(new ConnectHandler(down).handleRequest(event("connect"), null))).isEqualTo(500);
    }

    @Test
    void streamEntry_connectWithSubprotocol_recordsAndEchoesStreamgateV1InTheResponseJson() throws Exception {
        JsonNode response = viaStream(connect, "connect-subprotocol");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers")).isEqualTo(JSON.readTree("{\"Sec-WebSocket-Protocol\":\"streamgate.v1\"}"));
        assertThat(ConnectionStore.create(DYNAMO.client(), DYNAMO.tables()).find(connectionId)).isPresent();
    }

    @Test
    void streamEntry_connectWithoutAuthorizer_answers403() throws Exception {
        assertThat(viaStream(connect, "connect-without-authorizer").path("statusCode").asInt()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource({"default-ping", "default-ping-binary"})
    void streamEntry_ping_isAnsweredWithPongAnd200(String fixture) throws Exception {
        assertThat(viaStream(defaultRoute, fixture).path("statusCode").asInt()).isEqualTo(200);

        assertThat(nextFrame().path("type").asText()).isEqualTo("pong");
    }

    @ParameterizedTest
    @CsvSource({"default-invalid-json,invalid_json", "default-not-an-object,not_an_object", "default-unknown-action,unknown_action",
        "default-missing-field,missing_field", "default-invalid-field,invalid_field", "default-empty-message,empty_message",
        "default-without-authorizer,unauthorized"})
    void streamEntry_badFrames_getTheSameTypedErrors(String fixture, String code) throws Exception {
        assertThat(viaStream(defaultRoute, fixture).path("statusCode").asInt()).isEqualTo(200);

        JsonNode error = nextFrame();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
    }

    @Test
    void streamEntry_chat_isHandedToTheCore() throws Exception {
        assertThat(viaStream(defaultRoute, "default-chat").path("statusCode").asInt()).isEqualTo(200);

        CoreStub.Call call = core.take(WAIT);
        assertThat(call.rawPath()).isEqualTo("/internal/v1/streams");
        assertThat(call.body()).contains(connectionId, userId);
    }

    @Test
    void streamEntry_disconnect_deletesTheRecord() throws Exception {
        connect.handleRequest(event("connect"), null);

        assertThat(viaStream(disconnect, "disconnect").path("statusCode").asInt()).isEqualTo(200);
        assertThat(ConnectionStore.create(DYNAMO.client(), DYNAMO.tables()).find(connectionId)).isEmpty();
    }

    @Test
    void streamEntry_malformedEvent_failsTheInvocationTyped() {
        for (String raw : new String[] {"", "[]", "{\"body\":\"{}\"}", "{\"requestContext\":[]}", "{\"requestContext\":{"}) {
            assertThatThrownBy(() -> defaultRoute.handleRequest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null)).as(raw).isInstanceOf(MalformedEventException.class);
        }
        assertThat(connections.posts()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"default-ping", "default-ping-binary"})
    void ping_isAnsweredWithPongThroughConnections(String fixture) throws Exception {
        assertThat(status(defaultRoute.handleRequest(event(fixture), null))).isEqualTo(200);

        assertThat(nextFrame().path("type").asText()).isEqualTo("pong");
    }

    @Test
    void chat_isSignedAndHandedToTheCoreWhichAnswersTheClientItself() throws Exception {
        assertThat(status(defaultRoute.handleRequest(event("default-chat"), null))).isEqualTo(200);

        CoreStub.Call call = core.take(WAIT);
        assertThat(call.rawPath()).isEqualTo("/internal/v1/streams");
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.path("connectionId").asText()).isEqualTo(connectionId);
        assertThat(body.path("userId").asText()).isEqualTo(userId);
        assertThat(body.path("requestId").asText()).isEqualTo("req-7f3a");
        assertThat(body.path("message").asText()).isEqualTo("Explain the 29-second limit.");
        assertThat(body.path("conversationId").asText()).isEqualTo("conv-1");
        assertThat(body.path("options").path("demoTokens").asInt()).isEqualTo(5);
        assertThat(body.path("managementEndpoint").asText()).isEqualTo(connections.endpoint().toString());
        assertThat(connections.posts()).isEmpty();
    }

    @Test
    void chat_whenTheCoreIsUnreachable_sendsARetryableUnavailableError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> coreDown = new HashMap<>(env);
        coreDown.put("SG_CORE_URL", "http://127.0.0.1:" + closedPort);

        assertThat(status(new DefaultHandler(coreDown).handleRequest(event("default-chat"), null))).isEqualTo(200);

        JsonNode error = nextFrame();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("unavailable");
        assertThat(error.path("retryable").asBoolean()).isTrue();
        assertThat(error.path("requestId").asText()).isEqualTo("req-7f3a");
    }

    @Test
    void cancel_ofOwnStream_callsItsOwner() throws Exception {
        StreamRecord stream = streamOf(userId);

        defaultRoute.handleRequest(event("default-cancel", stream.streamId()), null);

        CoreStub.Call call = core.take(WAIT);
        assertThat(call.rawPath()).isEqualTo("/internal/v1/streams/" + stream.streamId() + "/cancel");
        assertThat(JSON.readTree(call.body()).path("userId").asText()).isEqualTo(userId);
    }

    @Test
    void cancelAndResume_thatOvertakeTheCoresRecordWrite_stillReachTheOwner() throws Exception {
        // the core writes the record just after `accepted`: a client may act on `accepted` before it lands
        StreamRecord forCancel = StreamRecord.started("stream-" + UUID.randomUUID(), userId, "old-connection",
                core.url().toString(), "req-" + UUID.randomUUID(), Instant.now());
        StreamRecord forResume = StreamRecord.started("stream-" + UUID.randomUUID(), userId, "old-connection",
                core.url().toString(), "req-" + UUID.randomUUID(), Instant.now());
        java.util.concurrent.ScheduledExecutorService late = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            StreamStore store = StreamStore.create(DYNAMO.client(), DYNAMO.tables());
            late.schedule(() -> store.create(forCancel), 15, TimeUnit.MILLISECONDS);
            defaultRoute.handleRequest(event("default-cancel", forCancel.streamId()), null);
            assertThat(core.take(WAIT).rawPath()).isEqualTo("/internal/v1/streams/" + forCancel.streamId() + "/cancel");

            late.schedule(() -> store.create(forResume), 15, TimeUnit.MILLISECONDS);
            defaultRoute.handleRequest(event("default-resume", forResume.streamId()), null);
            assertThat(core.take(WAIT).rawPath()).isEqualTo("/internal/v1/streams/" + forResume.streamId() + "/attach");
        } finally {
            late.shutdownNow();
        }
    }

    @Test
    void cancel_ofAnotherUsersStream_isForbiddenAndReachesNoCore() throws Exception {
        StreamRecord stream = streamOf("someone-else");

        defaultRoute.handleRequest(event("default-cancel", stream.streamId()), null);

        JsonNode error = nextFrame();
        assertThat(error.path("code").asText()).isEqualTo("forbidden");
        assertThat(error.path("streamId").asText()).isEqualTo(stream.streamId());
        assertThat(core.calls()).isEmpty();
    }

    @Test
    void cancel_ofUnknownStream_saysStreamNotFound() throws Exception {
        defaultRoute.handleRequest(event("default-cancel", "stream-that-never-was"), null);

        assertThat(nextFrame().path("code").asText()).isEqualTo("stream_not_found");
    }

    @Test
    void resume_ofOwnStream_attachesThisConnectionAndAsksTheOwnerToReplay() throws Exception {
        StreamRecord stream = streamOf(userId);

        defaultRoute.handleRequest(event("default-resume", stream.streamId()), null);

        CoreStub.Call call = core.take(WAIT);
        assertThat(call.rawPath()).isEqualTo("/internal/v1/streams/" + stream.streamId() + "/attach");
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.path("lastSeq").asLong()).isEqualTo(3);
        assertThat(body.path("connectionId").asText()).isEqualTo(connectionId);
        assertThat(StreamStore.create(DYNAMO.client(), DYNAMO.tables()).find(stream.streamId()).orElseThrow().connectionId())
                .isEqualTo(connectionId);
    }

    @Test
    void resume_ofAnotherUsersStream_isForbiddenAndLeavesTheStreamWhereItWas() throws Exception {
        StreamRecord stream = streamOf("someone-else");

        defaultRoute.handleRequest(event("default-resume", stream.streamId()), null);

        assertThat(nextFrame().path("code").asText()).isEqualTo("forbidden");
        assertThat(core.calls()).isEmpty();
        assertThat(StreamStore.create(DYNAMO.client(), DYNAMO.tables()).find(stream.streamId()).orElseThrow().connectionId())
                .isEqualTo("old-connection");
    }

    @ParameterizedTest
    @CsvSource({
        "default-invalid-json, invalid_json",
        "default-not-an-object, not_an_object",
        "default-unknown-action, unknown_action",
        "default-missing-field, missing_field",
        "default-invalid-field, invalid_field",
        "default-empty-message, empty_message",
        "default-without-authorizer, unauthorized"})
    void invalidFrame_getsATypedErrorAndA200(String fixture, String code) throws Exception {
        assertThat(status(defaultRoute.handleRequest(event(fixture), null))).isEqualTo(200);

        JsonNode error = nextFrame();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("retryable").asBoolean()).isFalse();
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void disconnect_deletesTheRecordAndTellsOwnersOfRunningStreamsOnly() throws Exception {
        connect.handleRequest(event("connect"), null);
        StreamStore streams = StreamStore.create(DYNAMO.client(), DYNAMO.tables());
        StreamRecord running = streamOf(userId);
        streams.attach(running.streamId(), userId, connectionId);
        StreamRecord finished = streamOf(userId);
        streams.attach(finished.streamId(), userId, connectionId);
        streams.transition(finished.streamId(), StreamStatus.COMPLETED);

        assertThat(status(disconnect.handleRequest(event("disconnect"), null))).isEqualTo(200);

        assertThat(ConnectionStore.create(DYNAMO.client(), DYNAMO.tables()).find(connectionId)).isEmpty();
        CoreStub.Call call = core.take(WAIT);
        assertThat(call.rawPath()).isEqualTo("/internal/v1/connections/" + connectionId.replace("=", "%3D") + "/gone");
        assertThat(core.calls()).isEmpty();
    }

    @Test
    void snapStartPriming_withDynamoDbUnreachable_completesAndPostsNothing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> down = new HashMap<>(env);
        down.put("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort);
        HandlerRuntime runtime = HandlerRuntime.create(HandlerConfig.fromEnvironment(down));

        runtime.prime();
        runtime.prime();

        assertThat(connections.posts()).isEmpty();
        assertThat(core.calls()).isEmpty();
    }

    @Test
    void disconnect_whenDynamoDbIsDown_stillAnswers200() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> down = new HashMap<>(env);
        down.put("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort);

        assertThat(status(new DisconnectHandler(down).handleRequest(event("disconnect"), null))).isEqualTo(200);
    }
}
