package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.handlers.internal.EventJson;
import dev.streamgate.handlers.internal.Events;
import dev.streamgate.handlers.internal.MalformedEventException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventJson} against the runtime's own serializer ({@code aws-lambda-java-serialization}, what a plain
 * {@code RequestHandler} gets): every WebSocket and authorizer event fixture reads to the same fields the handlers use,
 * and every response and policy writes to the same JSON minus the runtime's {@code null} fields.
 */
class EventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> IDS = Map.of("CONNECTION_ID", "conn-1=", "USER_ID", "user-1", "STREAM_ID", "st-1");

    private static APIGatewayV2WebSocketEvent read(String json) {
        return EventJson.readWebSocketEvent(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "connect-subprotocol", "connect-without-authorizer", "default-cancel", "default-chat",
        "default-empty-message", "default-invalid-field", "default-invalid-json", "default-missing-field", "default-not-an-object",
        "default-ping", "default-ping-binary", "default-resume", "default-unknown-action", "default-without-authorizer", "disconnect"})
    void everyFixture_readsLikeTheRuntimesSerializer(String name) {
        APIGatewayV2WebSocketEvent expected = EventFixtures.load(name, APIGatewayV2WebSocketEvent.class, IDS);
        APIGatewayV2WebSocketEvent actual = read(EventFixtures.json(name, IDS));

        assertThat(actual.getBody()).isEqualTo(expected.getBody());
        assertThat(actual.isIsBase64Encoded()).isEqualTo(expected.isIsBase64Encoded());
        assertThat(actual.getHeaders()).isEqualTo(expected.getHeaders());
        assertThat(actual.getMultiValueHeaders()).isEqualTo(expected.getMultiValueHeaders());
        assertThat(actual.getQueryStringParameters()).isEqualTo(expected.getQueryStringParameters());
        APIGatewayV2WebSocketEvent.RequestContext want = expected.getRequestContext();
        APIGatewayV2WebSocketEvent.RequestContext got = actual.getRequestContext();
        assertThat(got.getConnectionId()).isEqualTo(want.getConnectionId());
        assertThat(got.getDomainName()).isEqualTo(want.getDomainName());
        assertThat(got.getStage()).isEqualTo(want.getStage());
        assertThat(got.getRouteKey()).isEqualTo(want.getRouteKey());
        assertThat(got.getEventType()).isEqualTo(want.getEventType());
        assertThat(got.getMessageId()).isEqualTo(want.getMessageId());
        assertThat(got.getRequestId()).isEqualTo(want.getRequestId());
        assertThat(got.getApiId()).isEqualTo(want.getApiId());
        assertThat(got.getConnectedAt()).isEqualTo(want.getConnectedAt());
        assertThat(got.getRequestTimeEpoch()).isEqualTo(want.getRequestTimeEpoch());
        assertThat(got.getAuthorizer()).isEqualTo(want.getAuthorizer());
        assertThat(Events.userId(actual)).isEqualTo(Events.userId(expected));
    }

    @Test
    void authorizerContext_keepsJsonTypesAsTheRuntimeDoes() {
        String json = "{\"requestContext\":{\"connectionId\":\"c\",\"authorizer\":{\"userId\":\"u\",\"n\":12,\"big\":12345678901,"
                + "\"f\":1.5,\"t\":true,\"z\":null,\"list\":[1,\"a\"],\"obj\":{\"k\":\"v\"}}}}";
        APIGatewayV2WebSocketEvent expected = EventFixtures.load("default-ping", APIGatewayV2WebSocketEvent.class, IDS);
        expected.getRequestContext().setAuthorizer(EventFixtures.runtimeSerializer(APIGatewayV2WebSocketEvent.class)
                .fromJson(json).getRequestContext().getAuthorizer());

        assertThat(read(json).getRequestContext().getAuthorizer()).isEqualTo(expected.getRequestContext().getAuthorizer())
                .containsEntry("n", 12).containsEntry("big", 12345678901L).containsEntry("f", 1.5).containsEntry("t", true);
    }

    @Test
    void unknownFieldsAndNullsAreSkipped_numbersInStringFieldsAreText() {
        APIGatewayV2WebSocketEvent event = read("{\"future\":{\"a\":[1,{\"b\":2}]},\"body\":null,\"isBase64Encoded\":null,"
                + "\"headers\":null,\"requestContext\":{\"connectionId\":42,\"extra\":[true],\"authorizer\":null,\"stage\":\"prod\"}}");

        assertThat(event.getBody()).isNull();
        assertThat(event.isIsBase64Encoded()).isFalse();
        assertThat(event.getHeaders()).isNull();
        assertThat(event.getRequestContext().getConnectionId()).isEqualTo("42");
        assertThat(event.getRequestContext().getStage()).isEqualTo("prod");
        assertThat(Events.userId(event)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "\"event\"", "null", "{", "{\"requestContext\":", "{\"body\":\"x\"}",
        "{\"requestContext\":null}", "{\"requestContext\":[]}", "{\"requestContext\":{\"connectionId\":{}}}",
        "{\"requestContext\":{\"connectedAt\":\"soon\"}}", "{\"requestContext\":{},\"headers\":[]}",
        "{\"requestContext\":{},\"headers\":{\"a\":[\"b\"]}}", "{\"requestContext\":{},\"multiValueHeaders\":{\"a\":\"b\"}}",
        "{\"requestContext\":{},\"isBase64Encoded\":\"yes\"}", "{\"requestContext\":{},\"body\":{}}", "{\"requestContext\":{}} trailing"})
    void malformedEvents_areRefusedTyped(String json) {
        if (json.endsWith("trailing")) {
            // the runtime's serializer reads one value and ignores the rest; so does this reader
            assertThat(read(json).getRequestContext()).isNotNull();
            return;
        }
        assertThatThrownBy(() -> read(json)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void responses_writeWhatTheRuntimeWritesWithoutNulls() throws IOException {
        APIGatewayV2WebSocketResponse withHeaders = Events.status(200, Map.of("Sec-WebSocket-Protocol", "streamgate.v1"));
        APIGatewayV2WebSocketResponse full = Events.status(500);
        full.setBody("b\u00e9\"");
        full.setIsBase64Encoded(true);
        full.setMultiValueHeaders(Map.of("X-A", new String[] {"1", "2"}));
        for (APIGatewayV2WebSocketResponse response : new APIGatewayV2WebSocketResponse[] {Events.status(200), Events.status(403),
            withHeaders, full}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventJson.writeResponse(response, out);
            JsonNode runtime = withoutNulls(JSON.readTree(EventFixtures.toJson(response, APIGatewayV2WebSocketResponse.class)));
            assertThat(JSON.readTree(out.toByteArray())).as(runtime.toString()).isEqualTo(runtime);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorizer-query-token", "authorizer-subprotocol-token", "authorizer-no-token", "authorizer-garbage-token"})
    void everyAuthorizerFixture_readsLikeTheRuntimesSerializer(String name) {
        Map<String, String> token = Map.of("TOKEN", "a.b.c");
        APIGatewayCustomAuthorizerEvent expected = EventFixtures.load(name, APIGatewayCustomAuthorizerEvent.class, token);
        APIGatewayCustomAuthorizerEvent actual = EventJson.readAuthorizerEvent(
                new ByteArrayInputStream(EventFixtures.json(name, token).getBytes(StandardCharsets.UTF_8)));

        assertThat(actual.getType()).isEqualTo(expected.getType());
        assertThat(actual.getMethodArn()).isEqualTo(expected.getMethodArn());
        assertThat(actual.getHeaders()).isEqualTo(expected.getHeaders());
        assertThat(actual.getQueryStringParameters()).isEqualTo(expected.getQueryStringParameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"methodArn\":{}}", "{\"headers\":[]}", "{\"queryStringParameters\":{\"token\":[1]}}"})
    void malformedAuthorizerEvents_areRefusedTyped(String json) {
        assertThatThrownBy(() -> EventJson.readAuthorizerEvent(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void policies_writeWhatTheRuntimeWritesWithoutNulls() throws IOException {
        String arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/$connect";
        Map<String, Object> context = new HashMap<>(Map.of("userId", "alice", "issuer", "streamgate-local", "expiresAt", 1795680000L,
                "scopes", "chat read", "admin", false));
        IamPolicyResponseV1 allow = IamPolicyResponseV1.builder().withPrincipalId("alice")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.allowStatement(arn))).build())
                .withContext(context).build();
        IamPolicyResponseV1 deny = IamPolicyResponseV1.builder().withPrincipalId("anonymous")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.denyStatement(arn))).build())
                .build();
        IamPolicyResponseV1 keyed = IamPolicyResponseV1.builder().withPrincipalId("bob").withUsageIdentifierKey("key-1")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.allowStatement(arn), IamPolicyResponseV1.denyStatement("*"))).build())
                .withContext(Map.of()).build();
        for (IamPolicyResponseV1 policy : List.of(allow, deny, keyed)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventJson.writePolicy(policy, out);
            JsonNode runtime = withoutNulls(JSON.readTree(EventFixtures.toJson(policy, IamPolicyResponseV1.class)));
            assertThat(JSON.readTree(out.toByteArray())).as(runtime.toString()).isEqualTo(runtime);
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    fields.remove();
                } else {
                    withoutNulls(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(EventJsonTest::withoutNulls);
        }
        return node;
    }
}
