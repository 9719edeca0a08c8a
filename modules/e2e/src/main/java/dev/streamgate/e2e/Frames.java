package dev.streamgate.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds client frames of wire protocol v1 as JSON text, by hand, so the suite tests the wire and not a codec. */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /** A {@code chat} frame; {@code options} may be empty. */
    public static String chat(String requestId, String message, Map<String, ?> options) {
        ObjectNode n = JSON.createObjectNode().put("action", "chat").put("requestId", requestId).put("message", message);
        if (!options.isEmpty()) {
            n.set("options", JSON.valueToTree(options));
        }
        return n.toString();
    }

    /** A {@code cancel} frame. */
    public static String cancel(String streamId) {
        return JSON.createObjectNode().put("action", "cancel").put("streamId", streamId).toString();
    }

    /** A {@code resume} frame; {@code lastSeq} -1 replays from the start. */
    public static String resume(String streamId, long lastSeq) {
        return JSON.createObjectNode().put("action", "resume").put("streamId", streamId).put("lastSeq", lastSeq)
                .toString();
    }

    /** A {@code ping} frame. */
    public static String ping() {
        return "{\"action\":\"ping\"}";
    }

    /** The JSON body of {@code POST /api/chat/stream}. */
    public static String sseChat(String requestId, String message, Map<String, ?> options) {
        ObjectNode n = JSON.createObjectNode().put("requestId", requestId).put("message", message);
        if (!options.isEmpty()) {
            n.set("options", JSON.valueToTree(options));
        }
        return n.toString();
    }
}
