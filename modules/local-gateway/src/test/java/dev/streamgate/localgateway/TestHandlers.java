package dev.streamgate.localgateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;

/** Small Lambda handlers used by the tests, written the way a team would write real ones. */
final class TestHandlers {

    private TestHandlers() {
    }

    /** Accepts every event with 200, echoing the body (so a two-way route answers the client). */
    public static final class Echo implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            response.setBody(event.getBody() == null ? null : "echo:" + event.getBody());
            return response;
        }
    }

    /** Answers $connect with the status and subprotocol from its environment. */
    public static final class ConfiguredConnect implements RequestHandler<APIGatewayV2WebSocketEvent, Map<String, Object>> {
        private final Map<String, String> env;

        public ConfiguredConnect(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Map<String, Object> handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            int status = Integer.parseInt(env.getOrDefault("STATUS", "200"));
            String protocol = env.get("PROTOCOL");
            return protocol == null ? Map.of("statusCode", status)
                    : Map.of("statusCode", status, "headers", Map.of("Sec-WebSocket-Protocol", protocol));
        }
    }

    /** Throws, like a broken Lambda. */
    public static final class Failing implements RequestHandler<Map<String, Object>, Object> {
        @Override
        public Object handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("boom");
        }
    }
}
