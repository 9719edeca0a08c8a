package dev.streamgate.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.protocol.internal.JsonFields;
import dev.streamgate.protocol.internal.Utf8;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The field-by-field JSON shape of every event and action; the one place that fixes field order on the wire. */
final class EventJson {
    private EventJson() {
    }

    static void write(JsonGenerator g, ServerEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", event.type());
        switch (event) {
            case ServerEvent.Accepted accepted -> {
                string(g, "requestId", accepted.requestId());
                string(g, "streamId", accepted.streamId());
            }
            case ServerEvent.Chunk chunk -> {
                string(g, "streamId", chunk.streamId());
                g.writeNumberField("seq", chunk.seq());
                string(g, "text", chunk.text());
            }
            case ServerEvent.Heartbeat heartbeat -> string(g, "streamId", heartbeat.streamId());
            case ServerEvent.Handoff handoff -> {
                string(g, "streamId", handoff.streamId());
                g.writeNumberField("lastSeq", handoff.lastSeq());
            }
            case ServerEvent.Done done -> {
                string(g, "streamId", done.streamId());
                g.writeNumberField("seq", done.seq());
                g.writeStringField("reason", done.reason().wireName());
                if (done.usage() != null) {
                    g.writeObjectFieldStart("usage");
                    g.writeNumberField("inputTokens", done.usage().inputTokens());
                    g.writeNumberField("outputTokens", done.usage().outputTokens());
                    g.writeEndObject();
                }
            }
            case ServerEvent.Error error -> {
                g.writeStringField("code", error.code().wireName());
                string(g, "message", error.message());
                g.writeBooleanField("retryable", error.retryable());
                optionalString(g, "streamId", error.streamId());
                optionalString(g, "requestId", error.requestId());
            }
            case ServerEvent.Pong pong -> {
                // nothing but the type
            }
        }
        g.writeEndObject();
    }

    static void write(JsonGenerator g, ClientAction action) throws IOException {
        g.writeStartObject();
        g.writeStringField("action", action.action());
        switch (action) {
            case ClientAction.Chat chat -> {
                string(g, "requestId", chat.requestId());
                string(g, "message", chat.message());
                optionalString(g, "conversationId", chat.conversationId());
                if (chat.options() != null) {
                    g.writeFieldName("options");
                    plain(g, chat.options().values());
                }
            }
            case ClientAction.Cancel cancel -> string(g, "streamId", cancel.streamId());
            case ClientAction.Resume resume -> {
                string(g, "streamId", resume.streamId());
                g.writeNumberField("lastSeq", resume.lastSeq());
            }
            case ClientAction.Ping ping -> {
                // nothing but the action
            }
        }
        g.writeEndObject();
    }

    static ServerEvent readEvent(JsonNode object, String knownTypes) {
        JsonFields frame = new JsonFields(object, "event", null, null);
        if (frame.isAbsent("type")) {
            throw frame.fail(ErrorCode.MISSING_FIELD, "The event has no \"type\" field; expected one of " + knownTypes + ".");
        }
        String type = frame.requiredString("type");
        return switch (type) {
            case ServerEvent.Accepted.TYPE -> {
                JsonFields f = new JsonFields(object, "accepted event", null, null);
                yield new ServerEvent.Accepted(f.requiredId("requestId"), f.requiredId("streamId"));
            }
            case ServerEvent.Chunk.TYPE -> {
                JsonFields f = new JsonFields(object, "chunk event", null, null);
                yield new ServerEvent.Chunk(f.requiredId("streamId"), f.requiredLong("seq", 0), f.requiredString("text"));
            }
            case ServerEvent.Heartbeat.TYPE ->
                new ServerEvent.Heartbeat(new JsonFields(object, "heartbeat event", null, null).requiredId("streamId"));
            case ServerEvent.Handoff.TYPE -> {
                JsonFields f = new JsonFields(object, "handoff event", null, null);
                yield new ServerEvent.Handoff(f.requiredId("streamId"), f.requiredLong("lastSeq", -1));
            }
            case ServerEvent.Done.TYPE -> readDone(new JsonFields(object, "done event", null, null));
            case ServerEvent.Error.TYPE -> {
                JsonFields f = new JsonFields(object, "error event", null, null);
                String code = f.requiredString("code");
                ErrorCode errorCode = ErrorCode.fromWireName(code).orElseThrow(() -> f.fail(ErrorCode.INVALID_FIELD,
                        "Unknown error code '" + ProtocolCodec.abbreviate(code) + "'."));
                yield new ServerEvent.Error(errorCode, f.requiredString("message"), f.requiredBoolean("retryable"),
                        f.optionalId("streamId"), f.optionalId("requestId"));
            }
            case ServerEvent.Pong.TYPE -> new ServerEvent.Pong();
            default -> throw frame.fail(ErrorCode.UNKNOWN_ACTION, "Unknown event type '" + ProtocolCodec.abbreviate(type)
                    + "'; protocol v1 knows " + knownTypes + ".");
        };
    }

    private static ServerEvent.Done readDone(JsonFields f) {
        String streamId = f.requiredId("streamId");
        long seq = f.requiredLong("seq", 0);
        String reasonName = f.requiredString("reason");
        DoneReason reason = DoneReason.fromWireName(reasonName).orElseThrow(() -> f.fail(ErrorCode.INVALID_FIELD,
                "Unknown done reason '" + ProtocolCodec.abbreviate(reasonName) + "'."));
        JsonNode usageNode = f.optionalObject("usage");
        Usage usage = null;
        if (usageNode != null) {
            JsonFields u = new JsonFields(usageNode, "done event's usage", null, streamId);
            usage = new Usage(u.requiredLong("inputTokens", 0), u.requiredLong("outputTokens", 0));
        }
        return new ServerEvent.Done(streamId, seq, reason, usage);
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeStringField(name, Utf8.replaceUnpairedSurrogates(value));
    }

    private static void optionalString(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            string(g, name, value);
        }
    }

    /** Writes a plain JSON value as {@link ChatOptions} holds them (no {@code ObjectMapper} behind the generator). */
    private static void plain(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String text -> g.writeString(text);
            case Boolean bool -> g.writeBoolean(bool);
            case Long number -> g.writeNumber(number);
            case Integer number -> g.writeNumber(number);
            case BigInteger number -> g.writeNumber(number);
            case Double number -> g.writeNumber(number);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    g.writeFieldName((String) entry.getKey());
                    plain(g, entry.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object element : list) {
                    plain(g, element);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }
}
