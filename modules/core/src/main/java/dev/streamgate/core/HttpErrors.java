package dev.streamgate.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.core.internal.Json;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ServerEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.Response;

/** Writes the JSON error body ({@code {"type":"error","code",...}}) every refused HTTP request gets. */
final class HttpErrors {

    private HttpErrors() {
    }

    static void send(Response response, int status, ErrorCode code, String message) throws IOException {
        sendJson(response, status, Events.codec().write(new ServerEvent.Error(code, message)));
    }

    /** For refusals at the HTTP level that have no protocol error code (unknown path, wrong method). */
    static void sendHttp(Response response, int status, String code, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("type", "error").put("code", code).put("message", message).put("retryable", false);
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
