package dev.streamgate.handlers.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway WebSocket and REQUEST-authorizer events from the raw invocation JSON and writes route responses
 * and authorizer policies, with jackson-core's streaming parser and generator: the handlers' {@code RequestStreamHandler}
 * entry points use it so that the Lambda runtime skips its own Jackson-databind event serializer (about 1,000 classes
 * and a third of a cold start).
 *
 * <p>The event becomes the same {@code aws-lambda-java-events} object the runtime would build, filled with the fields
 * the handlers or their logs read (headers, query parameters, body, the request context's ids, domain, stage, route,
 * event type, times and authorizer context); everything else is skipped. Authorizer context values keep their JSON
 * type as the runtime's serializer maps them (string, Integer/Long, Double, Boolean, null, lists and maps).
 */
public final class EventJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventJson() {
    }

    /**
     * Parses one WebSocket route event.
     *
     * @throws MalformedEventException the input is not JSON, not an object, a known field has the wrong type, or
     *                                 the event has no {@code requestContext} object (API Gateway always sends one)
     */
    public static APIGatewayV2WebSocketEvent readWebSocketEvent(InputStream in) {
        APIGatewayV2WebSocketEvent event = readObject(in, new APIGatewayV2WebSocketEvent(), (p, e, field, value) -> {
            switch (field) {
                case "headers" -> e.setHeaders(stringMap(p, value, field));
                case "multiValueHeaders" -> e.setMultiValueHeaders(stringListMap(p, value, field));
                case "queryStringParameters" -> e.setQueryStringParameters(stringMap(p, value, field));
                case "multiValueQueryStringParameters" -> e.setMultiValueQueryStringParameters(stringListMap(p, value, field));
                case "body" -> e.setBody(string(p, value, field));
                case "isBase64Encoded" -> e.setIsBase64Encoded(bool(p, value, field));
                case "requestContext" -> e.setRequestContext(requestContext(p, value));
                default -> p.skipChildren();
            }
        });
        if (event.getRequestContext() == null) {
            throw new MalformedEventException("the event has no requestContext object");
        }
        return event;
    }

    /**
     * Parses one REQUEST authorizer event: {@code type}, {@code methodArn}, {@code headers} and
     * {@code queryStringParameters} (what the authorizer reads); everything else is skipped.
     *
     * @throws MalformedEventException the input is not JSON, not an object, or a known field has the wrong type
     */
    public static APIGatewayCustomAuthorizerEvent readAuthorizerEvent(InputStream in) {
        return readObject(in, new APIGatewayCustomAuthorizerEvent(), (p, e, field, value) -> {
            switch (field) {
                case "type" -> e.setType(string(p, value, field));
                case "methodArn" -> e.setMethodArn(string(p, value, field));
                case "headers" -> e.setHeaders(stringMap(p, value, field));
                case "queryStringParameters" -> e.setQueryStringParameters(stringMap(p, value, field));
                default -> p.skipChildren();
            }
        });
    }

    /** Reads one top-level field's value into the event (the parser stands on the value's first token). */
    @FunctionalInterface
    private interface FieldReader<T> {
        void read(JsonParser parser, T event, String field, JsonToken value) throws IOException;
    }

    /** Reads the top-level object field by field into {@code event}; syntax and I/O errors become typed refusals. */
    private static <T> T readObject(InputStream in, T event, FieldReader<T> fields) {
        try (JsonParser p = JSON.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "event");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                fields.read(p, event, field, p.nextToken());
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("the event is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEventException("the event could not be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Writes an authorizer policy as the runtime's serializer would ({@code principalId}, {@code policyDocument} in
     * IAM's spelling: {@code Version}, {@code Statement} with {@code Effect}, {@code Action}, {@code Resource} and any
     * {@code Condition}; {@code context}; {@code usageIdentifierKey}), without its {@code null} fields.
     */
    public static void writePolicy(IamPolicyResponseV1 policy, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (policy.getPrincipalId() != null) {
                g.writeStringField("principalId", policy.getPrincipalId());
            }
            g.writeFieldName("policyDocument");
            value(g, policy.getPolicyDocument());
            if (policy.getContext() != null) {
                g.writeFieldName("context");
                value(g, policy.getContext());
            }
            if (policy.getUsageIdentifierKey() != null) {
                g.writeStringField("usageIdentifierKey", policy.getUsageIdentifierKey());
            }
            g.writeEndObject();
        }
    }

    /** Writes a route response as the runtime's serializer would, without its {@code null} fields. */
    public static void writeResponse(APIGatewayV2WebSocketResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("isBase64Encoded", response.isIsBase64Encoded());
            g.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> e : response.getHeaders().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (response.getMultiValueHeaders() != null) {
                g.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, String[]> e : response.getMultiValueHeaders().entrySet()) {
                    g.writeArrayFieldStart(e.getKey());
                    for (String v : e.getValue()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            if (response.getBody() != null) {
                g.writeStringField("body", response.getBody());
            }
            g.writeEndObject();
        }
    }

    /**
     * A plain value: map, list, array, string, number, boolean or null (what policies and contexts hold). Map entries
     * whose value is null are left out, as the runtime's serializer leaves them out (a statement without a
     * {@code Condition} has none, not {@code "Condition": null}).
     */
    private static void value(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String text -> g.writeString(text);
            case Boolean bool -> g.writeBoolean(bool);
            case Integer number -> g.writeNumber(number);
            case Long number -> g.writeNumber(number);
            case Double number -> g.writeNumber(number);
            case Number number -> g.writeNumber(number.toString());
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getValue() != null) {
                        g.writeFieldName(String.valueOf(e.getKey()));
                        value(g, e.getValue());
                    }
                }
                g.writeEndObject();
            }
            case Iterable<?> list -> {
                g.writeStartArray();
                for (Object element : list) {
                    value(g, element);
                }
                g.writeEndArray();
            }
            case Object[] array -> value(g, List.of(array));
            default -> g.writeString(value.toString());
        }
    }

    private static APIGatewayV2WebSocketEvent.RequestContext requestContext(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.START_OBJECT, "requestContext");
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "connectionId" -> context.setConnectionId(string(p, value, field));
                case "domainName" -> context.setDomainName(string(p, value, field));
                case "stage" -> context.setStage(string(p, value, field));
                case "routeKey" -> context.setRouteKey(string(p, value, field));
                case "eventType" -> context.setEventType(string(p, value, field));
                case "messageId" -> context.setMessageId(string(p, value, field));
                case "requestId" -> context.setRequestId(string(p, value, field));
                case "apiId" -> context.setApiId(string(p, value, field));
                case "connectedAt" -> context.setConnectedAt(number(p, value, field));
                case "requestTimeEpoch" -> context.setRequestTimeEpoch(number(p, value, field));
                case "authorizer" -> context.setAuthorizer(objectMap(p, value, field));
                default -> p.skipChildren();
            }
        }
        return context;
    }

    private static Map<String, String> stringMap(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.START_OBJECT, field);
        Map<String, String> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            map.put(key, string(p, p.nextToken(), field + "." + key));
        }
        return map;
    }

    private static Map<String, List<String>> stringListMap(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.START_OBJECT, field);
        Map<String, List<String>> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken list = p.nextToken();
            if (list == JsonToken.VALUE_NULL) {
                map.put(key, null);
                continue;
            }
            expect(list, JsonToken.START_ARRAY, field + "." + key);
            List<String> values = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                values.add(string(p, t, field + "." + key));
            }
            map.put(key, values);
        }
        return map;
    }

    private static Map<String, Object> objectMap(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.START_OBJECT, field);
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            map.put(key, value(p, p.nextToken()));
        }
        return map;
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT -> objectMap(p, token, "value");
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t));
                }
                yield list;
            }
            default -> null;
        };
    }

    /** A string field; a number or boolean becomes its text, as the runtime's serializer coerces it. */
    private static String string(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return p.getText();
        }
        throw new MalformedEventException("the event's " + field + " is not a string");
    }

    private static long number(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw new MalformedEventException("the event's " + field + " is not an integer");
    }

    private static boolean bool(JsonParser p, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new MalformedEventException("the event's " + field + " is not a boolean");
        };
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new MalformedEventException("the event's " + what + " is not "
                    + (expected == JsonToken.START_OBJECT ? "an object" : "an array") + " (found " + actual + ")");
        }
    }
}
