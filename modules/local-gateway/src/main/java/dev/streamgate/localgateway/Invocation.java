package dev.streamgate.localgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.io.IOException;

/**
 * One recorded integration call (authorizer or route), recorded when the integration finished.
 *
 * @param kind whether the authorizer or a route integration was called
 * @param routeKey the route key ({@code $connect} for the authorizer)
 * @param connectionId the connection
 * @param requestId the API Gateway request id of the event
 * @param eventJson the event exactly as the integration received it
 * @param responseJson what the integration returned (JSON), or {@code null} when it failed
 * @param error why it failed, or {@code null}
 * @param timedOut whether the integration timeout fired first (the client got "Endpoint request timed out")
 */
public record Invocation(Kind kind, String routeKey, String connectionId, String requestId, String eventJson,
                         String responseJson, String error, boolean timedOut) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Which integration was called. */
    public enum Kind {
        /** The REQUEST authorizer on {@code $connect}. */
        AUTHORIZER,
        /** A route's integration. */
        ROUTE
    }

    /** The event as a JSON tree. */
    public JsonNode event() {
        try {
            return MAPPER.readTree(eventJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event's {@code body}, or {@code null} (connect and disconnect events have none). */
    public String body() {
        JsonNode body = event().get("body");
        return body == null || body.isNull() ? null : body.asText();
    }

    /** The event's {@code requestContext.eventType}: CONNECT, MESSAGE or DISCONNECT. */
    public String eventType() {
        return event().path("requestContext").path("eventType").asText(null);
    }
}
