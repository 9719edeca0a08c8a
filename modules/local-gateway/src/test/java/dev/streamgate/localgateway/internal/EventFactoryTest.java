package dev.streamgate.localgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our events have exactly the fields of the events AWS publishes. The expected field lists are read off:
 * <ul>
 *   <li>the REQUEST authorizer input in "Control access to WebSocket APIs with AWS Lambda REQUEST authorizers",
 *       https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html</li>
 *   <li>API Gateway WebSocket events captured by AWS in aws/aws-lambda-go,
 *       events/testdata/apigw-websocket-request-send-message.json and apigw-websocket-request-disconnect.json</li>
 * </ul>
 */
class EventFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> MESSAGE_CONTEXT = Set.of("routeKey", "messageId", "eventType", "extendedRequestId",
            "requestTime", "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId",
            "domainName", "connectionId", "apiId");
    private static final Set<String> DISCONNECT_CONTEXT = Set.of("routeKey", "disconnectStatusCode", "eventType",
            "extendedRequestId", "requestTime", "messageDirection", "disconnectReason", "stage", "connectedAt",
            "requestTimeEpoch", "identity", "requestId", "domainName", "connectionId", "apiId");
    private static final Set<String> AUTHORIZER_TOP = Set.of("type", "methodArn", "headers", "multiValueHeaders",
            "queryStringParameters", "multiValueQueryStringParameters", "stageVariables", "requestContext");
    private static final Set<String> AUTHORIZER_CONTEXT = Set.of("routeKey", "eventType", "extendedRequestId",
            "requestTime", "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId",
            "domainName", "connectionId", "apiId");

    private final GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, "prod", "gy415nuibc", "us-east-1",
            "123456789012", "gy415nuibc.execute-api.us-east-1.amazonaws.com", RouteSelection.parse("$request.body.action"),
            Map.of(), null, Limits.aws(), Faults.none(), List.of(), true, true);
    private final EventFactory events = new EventFactory(settings);
    private final Connection connection = new Connection("R1kmxc2VNjMCFIA=", 1705751697419L, "49.105.91.154",
            "Mozilla/5.0", "gy415nuibc.execute-api.us-east-1.amazonaws.com", null);

    @Test
    void messageEvent_hasExactlyTheFieldsOfAwsSample() throws Exception {
        JsonNode event = JSON.readTree(events.messageEvent(connection, "$default", "{\"a\": 1}", false,
                "R1knPH17NjMFftw=", "R1knPc2ntjMCFIA=", 1705751700453L));
        assertThat(names(event)).containsExactlyInAnyOrder("requestContext", "body", "isBase64Encoded");
        assertThat(names(event.get("requestContext"))).isEqualTo(new TreeSet<>(MESSAGE_CONTEXT));
        assertThat(names(event.get("requestContext").get("identity"))).containsExactlyInAnyOrder("userAgent", "sourceIp");
        assertThat(event.get("requestContext").get("requestTime").asText()).isEqualTo("20/Jan/2024:11:55:00 +0000");
        assertThat(event.get("requestContext").get("eventType").asText()).isEqualTo("MESSAGE");
    }

    @Test
    void disconnectEvent_hasExactlyTheFieldsOfAwsSample() throws Exception {
        JsonNode event = JSON.readTree(events.disconnectEvent(connection, 1001, "", "R1koeHsUtjMFbRw=", 1705751708326L));
        assertThat(names(event)).containsExactlyInAnyOrder("headers", "multiValueHeaders", "requestContext",
                "isBase64Encoded");
        assertThat(names(event.get("headers"))).containsExactlyInAnyOrder("Host", "x-api-key", "X-Forwarded-For",
                "x-restapi");
        assertThat(names(event.get("requestContext"))).isEqualTo(new TreeSet<>(DISCONNECT_CONTEXT));
        assertThat(event.get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1001);
    }

    @Test
    void authorizerEvent_hasExactlyTheFieldsOfAwsDocumentation() throws Exception {
        HandshakeData handshake = handshake();
        JsonNode event = JSON.readTree(events.authorizerEvent("id=", 1674162806344L,
                "abcdef123.execute-api.us-east-1.amazonaws.com", handshake, "req=", 1674162806345L));
        assertThat(names(event)).isEqualTo(new TreeSet<>(AUTHORIZER_TOP));
        assertThat(names(event.get("requestContext"))).isEqualTo(new TreeSet<>(AUTHORIZER_CONTEXT));
        assertThat(event.get("methodArn").asText())
                .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:gy415nuibc/prod/$connect");
        assertThat(event.get("multiValueQueryStringParameters").get("QueryString1").get(0).asText())
                .isEqualTo("queryValue1");
        assertThat(event.get("headers").get("HeaderAuth1").asText()).isEqualTo("headerValue1");
    }

    @Test
    void connectEvent_deserializesIntoTheLambdaEventsTypeTheWayTheRuntimeDoes() {
        Map<String, Object> authorizer = Map.of("principalId", "user-1", "userId", "user-1");
        String json = events.connectEvent("R1kmxc2VNjMCFIA=", 1705751697419L, "example.com", handshake(), authorizer,
                "req=", 1705751697420L);
        APIGatewayV2WebSocketEvent event = JacksonFactory.getInstance().getSerializer(APIGatewayV2WebSocketEvent.class)
                .fromJson(json);
        assertThat(event.getRequestContext().getConnectionId()).isEqualTo("R1kmxc2VNjMCFIA=");
        assertThat(event.getRequestContext().getRouteKey()).isEqualTo("$connect");
        assertThat(event.getRequestContext().getEventType()).isEqualTo("CONNECT");
        assertThat(event.getRequestContext().getConnectedAt()).isEqualTo(1705751697419L);
        assertThat(event.getRequestContext().getIdentity().getSourceIp()).isEqualTo("49.105.91.154");
        assertThat(event.getRequestContext().getAuthorizer()).containsEntry("userId", "user-1");
        assertThat(event.getHeaders()).containsEntry("HeaderAuth1", "headerValue1");
        assertThat(event.getQueryStringParameters()).containsEntry("QueryString1", "queryValue1");
    }

    @Test
    void requestTime_usesApiGatewaysFormat() {
        assertThat(EventFactory.requestTime(1674162806344L)).isEqualTo("19/Jan/2023:21:13:26 +0000");
    }

    private static HandshakeData handshake() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("HeaderAuth1", List.of("headerValue1"));
        headers.put("Host", List.of("abcdef123.execute-api.us-east-1.amazonaws.com"));
        return new HandshakeData(headers, Map.of("QueryString1", List.of("queryValue1")), "49.105.91.154", "Mozilla/5.0");
    }

    private static Set<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
