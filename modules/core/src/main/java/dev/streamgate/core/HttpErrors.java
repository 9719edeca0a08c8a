package dev.streamgate.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.Response;

/** Writes the JSON error body every refused HTTP request gets. */
final class HttpErrors {

    private HttpErrors() {
    }

    static void send(Response response, int status, String code, String message, boolean retryable) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("type", "error").put("code", code).put("message", message).put("retryable", retryable);
        sendJson(response, status, Json.MAPPER.writeValueAsString(body));
    }

    static void sendJson(Response response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
