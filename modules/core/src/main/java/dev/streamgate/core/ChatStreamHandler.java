package dev.streamgate.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/chat/stream}: validates the chat, writes and flushes {@code accepted} before the engine
 * starts, then streams the stream's events as SSE until {@code done}, a disconnect or the budget
 * ({@code handoff}).
 */
final class ChatStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamHandler.class);

    private final CoreConfig config;
    private final StreamRegistry registry;
    private final ChatEngine engine;

    ChatStreamHandler(CoreConfig config, StreamRegistry registry, ChatEngine engine) {
        this.config = config;
        this.registry = registry;
        this.engine = engine;
    }

    void service(Request request, Response response) throws IOException {
        if (request.getMethod() != Method.POST) {
            response.setHeader("Allow", "POST");
            HttpErrors.send(response, 405, "method_not_allowed", "use POST with a JSON chat body", false);
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            HttpErrors.send(response, 415, "unsupported_media_type", "send the chat as Content-Type: application/json", false);
            return;
        }
        int max = config.maxRequestBytes();
        if (request.getContentLengthLong() > max) {
            HttpErrors.send(response, 413, "message_too_large", "the request body is over " + max + " bytes", false);
            return;
        }
        byte[] body = readUpTo(request.getInputStream(), max + 1);
        if (body.length > max) {
            HttpErrors.send(response, 413, "message_too_large", "the request body is over " + max + " bytes", false);
            return;
        }
        JsonNode chat;
        try {
            chat = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            HttpErrors.send(response, 400, "invalid_json", "the request body is not valid JSON", false);
            return;
        }
        if (chat == null || !chat.isObject()) {
            HttpErrors.send(response, 400, "invalid_json", "the request body must be a JSON object", false);
            return;
        }
        JsonNode message = chat.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            HttpErrors.send(response, 400, "missing_field", "field 'message' (a non-empty string) is required", false);
            return;
        }
        String requestId = chat.hasNonNull("requestId") ? chat.get("requestId").asText() : UUID.randomUUID().toString();
        String conversationId = chat.hasNonNull("conversationId") ? chat.get("conversationId").asText() : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> options = chat.has("options") && chat.get("options").isObject()
                ? Json.MAPPER.convertValue(chat.get("options"), Map.class) : Map.of();
        String userId = "anonymous";

        StreamRegistry.Opened opened = registry.open(userId, requestId, message.asText(), conversationId, options);
        StreamSession session = opened.session();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.suspend();
        SseSink sink = new SseSink(response, request.getContext().getConnection(), config.sseCoalesceWindow());
        if (!sink.deliver(Events.accepted(requestId, session.id()))) {
            return;
        }
        session.attach(sink, -1);
        if (opened.created()) {
            LOG.debug("SSE stream started streamId={}", session.id());
            session.start(engine);
        }
        if (config.sseBudgetEnabled()) {
            registry.timers().schedule(() -> session.handoff(sink), config.sseBudget().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }
}
