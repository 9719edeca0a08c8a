package dev.streamgate.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.core.internal.Json;
import java.nio.charset.StandardCharsets;

/**
 * Builds the serialized server events the core sends. TEMPORARY: writes JSON by hand until modules/protocol
 * lands; then every method delegates to {@code ProtocolCodec} and this class keeps only the serialize-once step.
 */
final class Events {

    private Events() {
    }

    static OutboundEvent accepted(String requestId, String streamId) {
        ObjectNode n = node("accepted");
        n.put("requestId", requestId);
        n.put("streamId", streamId);
        return of("accepted", OutboundEvent.NO_SEQ, n);
    }

    static OutboundEvent chunk(String streamId, long seq, String text) {
        ObjectNode n = node("chunk");
        n.put("streamId", streamId);
        n.put("seq", seq);
        n.put("text", text);
        return of("chunk", seq, n);
    }

    static OutboundEvent heartbeat(String streamId) {
        ObjectNode n = node("heartbeat");
        n.put("streamId", streamId);
        return of("heartbeat", OutboundEvent.NO_SEQ, n);
    }

    static OutboundEvent handoff(String streamId, long lastSeq) {
        ObjectNode n = node("handoff");
        n.put("streamId", streamId);
        n.put("lastSeq", lastSeq);
        return of("handoff", OutboundEvent.NO_SEQ, n);
    }

    static OutboundEvent done(String streamId, long seq, String reason, EngineUsage usage) {
        ObjectNode n = node("done");
        n.put("streamId", streamId);
        n.put("seq", seq);
        n.put("reason", reason);
        if (usage != null) {
            ObjectNode u = n.putObject("usage");
            u.put("promptTokens", usage.promptTokens());
            u.put("completionTokens", usage.completionTokens());
            u.put("totalTokens", usage.totalTokens());
        }
        return of("done", seq, n);
    }

    static OutboundEvent error(String code, String message, boolean retryable, String streamId, String requestId) {
        ObjectNode n = node("error");
        n.put("code", code);
        n.put("message", message);
        n.put("retryable", retryable);
        if (streamId != null) {
            n.put("streamId", streamId);
        }
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        return of("error", OutboundEvent.NO_SEQ, n);
    }

    /** Largest chunk text, in UTF-8 bytes, that is certain to fit one frame whatever JSON escaping does. */
    static int maxChunkTextBytes(int wanted) {
        return Math.min(wanted, 4096);
    }

    private static ObjectNode node(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static OutboundEvent of(String type, long seq, ObjectNode node) {
        try {
            String json = Json.MAPPER.writeValueAsString(node);
            return new OutboundEvent(type, seq, json, json.getBytes(StandardCharsets.UTF_8).length);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + type + " event", e);
        }
    }
}
