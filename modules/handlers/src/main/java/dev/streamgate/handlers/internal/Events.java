package dev.streamgate.handlers.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;

/** Small readers and builders for API Gateway WebSocket events. */
public final class Events {

    /** Authorizer context key holding the user id. */
    public static final String USER_ID = "userId";

    private Events() {
    }

    /** The user id the authorizer put in the context, or null (no authorizer, or not ours). */
    public static String userId(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
        Map<String, Object> authorizer = context == null ? null : context.getAuthorizer();
        Object value = authorizer == null ? null : authorizer.get(USER_ID);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** A response with this status code and no headers. */
    public static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }

    /** A response with this status code and headers. */
    public static APIGatewayV2WebSocketResponse status(int statusCode, Map<String, String> headers) {
        APIGatewayV2WebSocketResponse response = status(statusCode);
        response.setHeaders(headers);
        return response;
    }
}
