package dev.streamgate.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.core.internal.Json;
import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays an existing SSE chat backend: posts {@code {"message","conversationId","options"}} to the configured
 * URL and forwards the text found at a dot path (e.g. {@code text} or {@code choices.0.delta.content}) in each
 * event's JSON data; an empty path forwards the raw data. The answer ends when the upstream closes the
 * response or sends {@code [DONE]}; an {@code error} event ends it with an error. Malformed events are skipped.
 */
final class UpstreamSseEngine extends HttpStreamingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSseEngine.class);

    private final URI url;
    private final String[] textPath;
    private final Duration idleTimeout;

    UpstreamSseEngine(HttpClient http, URI url, String textPath, Duration idleTimeout) {
        super("upstream-sse", http, idleTimeout);
        this.url = url;
        this.textPath = textPath.isEmpty() ? new String[0] : textPath.split("\\.");
        this.idleTimeout = idleTimeout;
    }

    @Override
    HttpRequest request(ChatRequest chat) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", chat.message());
        if (chat.conversationId() != null) {
            body.put("conversationId", chat.conversationId());
        }
        if (!chat.options().isEmpty()) {
            body.set("options", Json.MAPPER.valueToTree(chat.options().values()));
        }
        try {
            return HttpRequest.newBuilder(url).timeout(idleTimeout)
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serializing a tree cannot fail", e);
        }
    }

    @Override
    boolean onEvent(SseLineParser.UpstreamEvent event, EngineOutput output) {
        if (event.data().equals("[DONE]")) {
            output.done(DoneReason.COMPLETE, null);
            return false;
        }
        if (event.type().equals("error")) {
            output.failed(new EngineException(ErrorCode.ENGINE_ERROR, "The upstream reported an error.", true));
            return false;
        }
        if (textPath.length == 0) {
            return output.text(event.data());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(event.data());
        } catch (JsonProcessingException e) {
            LOG.debug("skipping an upstream event that is not JSON");
            return true;
        }
        for (String step : textPath) {
            node = node == null ? null : node.isArray() && step.chars().allMatch(Character::isDigit)
                    ? node.get(Integer.parseInt(step)) : node.get(step);
        }
        if (node == null || !node.isTextual()) {
            LOG.debug("skipping an upstream event without text at the configured path");
            return true;
        }
        return output.text(node.asText());
    }

    @Override
    void onEnd(EngineOutput output) {
        output.done(DoneReason.COMPLETE, null);
    }
}
