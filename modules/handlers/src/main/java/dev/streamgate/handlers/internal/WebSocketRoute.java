package dev.streamgate.handlers.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A WebSocket route handler with two entries: the typed {@link RequestHandler} one (tests, callers holding an event
 * object) and the raw {@link RequestStreamHandler} one, which the Lambda Java runtime calls whenever the handler is
 * configured by class name (it prefers {@code RequestStreamHandler} when a class implements both), as does the local
 * gateway. The raw entry reads the event with {@link EventJson} (jackson-core streaming) instead of letting the
 * runtime deserialize it with its Jackson-databind serializer, then runs the typed entry.
 */
public interface WebSocketRoute extends RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>,
        RequestStreamHandler {

    /**
     * Reads the event JSON, handles it, writes the response JSON.
     *
     * @throws MalformedEventException the input is not a WebSocket route event (the invocation fails, as it would in
     *                                 the runtime's own deserializer)
     */
    @Override
    default void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventJson.writeResponse(handleRequest(EventJson.readWebSocketEvent(input), context), output);
    }
}
