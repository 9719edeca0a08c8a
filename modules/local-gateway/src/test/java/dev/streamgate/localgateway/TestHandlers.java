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

    /** A REQUEST authorizer: token "good" is allowed with a context, anything else denied. */
    public static final class TokenAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            Map<String, Object> query = (Map<String, Object>) event.get("queryStringParameters");
            String token = query == null ? null : (String) query.get("token");
            String effect = "good".equals(token) ? "Allow" : "Deny";
            return Map.of("principalId", "user-1",
                    "policyDocument", Map.of("Version", "2012-10-17", "Statement", java.util.List.of(Map.of(
                            "Action", "execute-api:Invoke", "Effect", effect, "Resource", event.get("methodArn")))),
                    "context", Map.of("userId", "user-1", "tier", "gold"));
        }
    }

    /** A stream handler answering with its environment and remaining time, as a two-way route body. */
    public static final class StreamGreeter implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {
        private final Map<String, String> env;

        public StreamGreeter(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public void handleRequest(java.io.InputStream input, java.io.OutputStream output, Context context)
                throws java.io.IOException {
            byte[] event = input.readAllBytes();
            String body = env.get("GREETING") + " remaining>0=" + (context.getRemainingTimeInMillis() > 0)
                    + " eventBytes>0=" + (event.length > 0);
            output.write(("{\"statusCode\":200,\"body\":\"" + body + "\"}").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
