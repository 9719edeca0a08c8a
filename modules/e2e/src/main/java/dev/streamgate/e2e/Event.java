package dev.streamgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One server event as the client received it: the raw JSON (the suite never uses the server's own types, so a
 * wire change shows up here), its {@code type}, and when it arrived.
 */
public record Event(String type, JsonNode json, String raw, long receivedNanos) {

    /** Type of the synthetic event a {@link WsClient} queues when its connection closes ({@code code}, {@code reason}). */
    public static final String CLOSED = "<closed>";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The synthetic closure event. */
    static Event closed(int code, String reason) {
        var node = JSON.createObjectNode().put("type", CLOSED).put("code", code).put("reason", reason);
        return new Event(CLOSED, node, node.toString(), System.nanoTime());
    }

    /**
     * Parses one WebSocket text frame or SSE {@code data:} payload.
     *
     * @throws IllegalStateException when the server sent something that is not a JSON object with a {@code type}
     */
    public static Event parse(String raw, long receivedNanos) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (Exception e) {
            throw new IllegalStateException("server sent a frame that is not JSON: " + abbreviate(raw), e);
        }
        if (node == null || !node.isObject() || !node.hasNonNull("type")) {
            // API Gateway's own messages (e.g. an integration timeout) have no type: keep them visible
            return new Event("<untyped>", node, raw, receivedNanos);
        }
        return new Event(node.get("type").asText(), node, raw, receivedNanos);
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 200 ? raw : raw.substring(0, 200) + "...";
    }

    /** True when this event is of {@code wantedType}. */
    public boolean is(String wantedType) {
        return type.equals(wantedType);
    }

    /** The {@code seq} field, or -1 when absent. */
    public long seq() {
        JsonNode n = json.get("seq");
        return n == null ? -1 : n.asLong();
    }

    /** The {@code streamId} field, or {@code null}. */
    public String streamId() {
        return text("streamId");
    }

    /** The {@code text} of a {@code chunk}, or {@code null}. */
    public String chunkText() {
        return text("text");
    }

    /** The {@code code} of an {@code error}, or {@code null}. */
    public String code() {
        return text("code");
    }

    /** The {@code reason} of a {@code done}, or {@code null}. */
    public String reason() {
        return text("reason");
    }

    /** Any string field, or {@code null}. */
    public String text(String field) {
        JsonNode n = json == null ? null : json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public String toString() {
        return abbreviate(raw);
    }
}
