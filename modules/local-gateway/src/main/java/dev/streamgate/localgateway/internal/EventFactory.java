package dev.streamgate.localgateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the JSON events API Gateway sends to WebSocket integrations and authorizers, field for field.
 *
 * <p>Shapes follow AWS's published samples: the REQUEST authorizer input in "Control access to WebSocket APIs with
 * AWS Lambda REQUEST authorizers" (docs.aws.amazon.com/apigateway/latest/developerguide/
 * apigateway-websocket-api-lambda-auth.html) and the WebSocket events captured from API Gateway in
 * aws/aws-lambda-go {@code events/testdata/apigw-websocket-request-*.json}.
 */
public final class EventFactory {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final GatewaySettings settings;

    /** A factory for one gateway's events. */
    public EventFactory(GatewaySettings settings) {
        this.settings = settings;
    }

    /** {@code requestTime} as API Gateway writes it, e.g. {@code 20/Jan/2024:11:55:00 +0000}. */
    public static String requestTime(long epochMillis) {
        return REQUEST_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The REQUEST authorizer input for a {@code $connect}. */
    public String authorizerEvent(String connectionId, long connectedAt, String domainName, HandshakeData handshake,
                                  String requestId, long now) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", settings.connectMethodArn());
        putHeaders(event, handshake.headers());
        putQuery(event, handshake.query());
        event.putObject("stageVariables");
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$connect");
        ctx.put("eventType", "CONNECT");
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", requestTime(now));
        ctx.put("messageDirection", "IN");
        ctx.put("stage", settings.stage());
        ctx.put("connectedAt", connectedAt);
        ctx.put("requestTimeEpoch", now);
        putIdentity(ctx, handshake.sourceIp(), handshake.userAgent());
        ctx.put("requestId", requestId);
        ctx.put("domainName", domainName);
        ctx.put("connectionId", connectionId);
        ctx.put("apiId", settings.apiId());
        return write(event);
    }

    /** The {@code $connect} route event. */
    public String connectEvent(String connectionId, long connectedAt, String domainName, HandshakeData handshake,
                               Map<String, Object> authorizer, String requestId, long now) {
        ObjectNode event = MAPPER.createObjectNode();
        putHeaders(event, handshake.headers());
        putQuery(event, handshake.query());
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$connect");
        ctx.put("eventType", "CONNECT");
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", requestTime(now));
        ctx.put("messageDirection", "IN");
        ctx.put("stage", settings.stage());
        ctx.put("connectedAt", connectedAt);
        ctx.put("requestTimeEpoch", now);
        putIdentity(ctx, handshake.sourceIp(), handshake.userAgent());
        ctx.put("requestId", requestId);
        ctx.put("domainName", domainName);
        ctx.put("connectionId", connectionId);
        ctx.put("apiId", settings.apiId());
        putAuthorizer(ctx, authorizer);
        event.put("isBase64Encoded", false);
        return write(event);
    }

    /** A message event for a route; {@code body} is text, or Base64 when {@code base64} is set. */
    public String messageEvent(Connection connection, String routeKey, String body, boolean base64, String requestId,
                               String messageId, long now) {
        ObjectNode event = MAPPER.createObjectNode();
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", routeKey);
        ctx.put("messageId", messageId);
        ctx.put("eventType", "MESSAGE");
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", requestTime(now));
        ctx.put("messageDirection", "IN");
        ctx.put("stage", settings.stage());
        ctx.put("connectedAt", connection.connectedAt());
        ctx.put("requestTimeEpoch", now);
        putIdentity(ctx, connection.sourceIp(), connection.userAgent());
        ctx.put("requestId", requestId);
        ctx.put("domainName", connection.domainName());
        ctx.put("connectionId", connection.id());
        ctx.put("apiId", settings.apiId());
        putAuthorizer(ctx, connection.authorizer());
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        return write(event);
    }

    /** The {@code $disconnect} event, with the close code and reason. */
    public String disconnectEvent(Connection connection, int statusCode, String reason, String requestId, long now) {
        ObjectNode event = MAPPER.createObjectNode();
        // API Gateway sends these few headers on $disconnect, not the client's
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Host", List.of(connection.domainName()));
        headers.put("x-api-key", List.of(""));
        headers.put("X-Forwarded-For", List.of(""));
        headers.put("x-restapi", List.of(""));
        putHeaders(event, headers);
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$disconnect");
        ctx.put("disconnectStatusCode", statusCode);
        ctx.put("eventType", "DISCONNECT");
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", requestTime(now));
        ctx.put("messageDirection", "IN");
        ctx.put("disconnectReason", reason == null ? "" : reason);
        ctx.put("stage", settings.stage());
        ctx.put("connectedAt", connection.connectedAt());
        ctx.put("requestTimeEpoch", now);
        putIdentity(ctx, connection.sourceIp(), connection.userAgent());
        ctx.put("requestId", requestId);
        ctx.put("domainName", connection.domainName());
        ctx.put("connectionId", connection.id());
        ctx.put("apiId", settings.apiId());
        putAuthorizer(ctx, connection.authorizer());
        event.put("isBase64Encoded", false);
        return write(event);
    }

    private static void putHeaders(ObjectNode event, Map<String, List<String>> headers) {
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            single.put(e.getKey(), e.getValue().get(e.getValue().size() - 1));
            var array = multi.putArray(e.getKey());
            e.getValue().forEach(array::add);
        }
    }

    private static void putQuery(ObjectNode event, Map<String, List<String>> query) {
        // API Gateway omits both maps when the URL has no query string
        if (query.isEmpty()) {
            return;
        }
        ObjectNode single = event.putObject("queryStringParameters");
        ObjectNode multi = event.putObject("multiValueQueryStringParameters");
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            single.put(e.getKey(), e.getValue().get(e.getValue().size() - 1));
            var array = multi.putArray(e.getKey());
            e.getValue().forEach(array::add);
        }
    }

    private static void putIdentity(ObjectNode ctx, String sourceIp, String userAgent) {
        ObjectNode identity = ctx.putObject("identity");
        if (userAgent != null) {
            identity.put("userAgent", userAgent);
        }
        identity.put("sourceIp", sourceIp);
    }

    private static void putAuthorizer(ObjectNode ctx, Map<String, Object> authorizer) {
        if (authorizer != null) {
            ctx.set("authorizer", MAPPER.valueToTree(authorizer));
        }
    }

    private static String write(ObjectNode event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an event built from plain JSON nodes", e);
        }
    }
}
