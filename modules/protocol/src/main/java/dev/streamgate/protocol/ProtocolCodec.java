package dev.streamgate.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.protocol.internal.JsonFields;
import dev.streamgate.protocol.internal.JsonTrees;
import dev.streamgate.protocol.internal.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads and writes wire protocol v1 JSON: client frames to {@link ClientAction}s, {@link ServerEvent}s to frames.
 *
 * <p>Parsing validates everything a client can get wrong and throws {@link ProtocolException} with an
 * {@link ErrorCode} and a message that says how to fix the frame: payload size (checked before parsing), JSON
 * syntax, object shape, action, required fields and their types, id formats and chat text length. Fields this
 * version does not know are ignored, so newer clients keep working. Writing produces compact JSON with a fixed
 * field order ({@code type} or {@code action} first) and omits absent optional fields rather than writing null.
 * Instances are immutable and thread-safe; create one per process and share it.
 *
 * <p>Built on jackson-core alone (a {@link JsonFactory}; frames become databind's node classes through
 * {@link JsonTrees}), never an {@code ObjectMapper}: a mapper's construction loads ~300 classes, a fifth of a Lambda
 * handler's cold start, for work the streaming parser and generator do directly.
 */
public final class ProtocolCodec {
    private static final String ACTIONS = "chat, cancel, resume, ping";
    private static final String TYPES = "accepted, chunk, heartbeat, handoff, done, error, pong";

    // a token Jackson quotes never holds white space; matching across white space would swallow Jackson's own words
    // between two quoted tokens ("'not': was expecting (... token 'null'")
    private static final Pattern QUOTED_TOKEN = Pattern.compile("'([^'\\s]{4,})'");
    private static final java.util.Set<String> JSON_WORDS = java.util.Set.of("null", "true", "false");

    private final Limits limits;
    private final JsonFactory json;

    private ProtocolCodec(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        // trailing tokens after the frame's value are refused by JsonTrees.readOne
        this.json = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // emoji as 4 raw UTF-8 bytes (as JSON.stringify does), not as two 6-byte escapes
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
    }

    /** A codec with the default {@link Limits}. */
    public static ProtocolCodec create() {
        return new ProtocolCodec(Limits.defaults());
    }

    /** A codec with the given limits. */
    public static ProtocolCodec create(Limits limits) {
        return new ProtocolCodec(limits);
    }

    /** The limits this codec enforces. */
    public Limits limits() {
        return limits;
    }

    /** Parses one client message (a WebSocket text message or a request body). */
    public ClientAction parse(String payload) {
        Objects.requireNonNull(payload, "payload");
        checkPayloadSize(Utf8.utf8Length(payload));
        return toAction(readObject(payload, null));
    }

    /** Parses one client message given as UTF-8 bytes. */
    public ClientAction parse(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        checkPayloadSize(payload.length);
        return toAction(readObject(null, payload));
    }

    /**
     * Parses the body of an HTTP chat request (the SSE endpoint): the {@code chat} fields as a JSON object, where
     * {@code action} may be absent (if present it must be {@code chat}). Same checks and error codes as
     * {@link #parse(byte[])}.
     *
     * @param body the request body, UTF-8
     * @param defaultRequestId used when the body has no {@code requestId}; null makes {@code requestId} required
     */
    public ClientAction.Chat parseChatBody(byte[] body, String defaultRequestId) {
        Objects.requireNonNull(body, "body");
        checkPayloadSize(body.length);
        JsonNode object = readObject(null, body);
        JsonFields frame = new JsonFields(object, "chat", echoId(object, "requestId"), null);
        if (!frame.isAbsent("action")) {
            JsonNode action = object.get("action");
            if (!action.isTextual() || !ClientAction.Chat.ACTION.equals(action.textValue())) {
                throw frame.fail(ErrorCode.UNKNOWN_ACTION, "This endpoint takes only chat requests; drop \"action\" or set"
                        + " it to \"chat\".");
            }
        }
        return toChat(frame, frame.isAbsent("requestId") ? defaultRequestId : null);
    }

    /**
     * Refuses a single WebSocket frame over {@link Limits#maxFrameBytes()} with {@link ErrorCode#FRAME_TOO_LARGE}.
     * For transports that see frames (a client-side check, or an emulator); {@link #parse} sees whole messages.
     */
    public void checkFrameSize(long frameBytes) {
        if (frameBytes > limits.maxFrameBytes()) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "A WebSocket frame is " + frameBytes
                    + " bytes; the limit is " + limits.maxFrameBytes() + " bytes. Send a shorter message (browsers send"
                    + " each message as one frame).");
        }
    }

    /** Writes a server event as a JSON string. */
    public String write(ServerEvent event) {
        return new String(writeBytes(event), StandardCharsets.UTF_8);
    }

    /** Writes a server event as UTF-8 JSON bytes. */
    public byte[] writeBytes(ServerEvent event) {
        Objects.requireNonNull(event, "event");
        return generate(generator -> EventJson.write(generator, event));
    }

    /** Writes a client action as a JSON string (for Java clients and tests). */
    public String writeAction(ClientAction action) {
        Objects.requireNonNull(action, "action");
        return new String(generate(generator -> EventJson.write(generator, action)), StandardCharsets.UTF_8);
    }

    /**
     * Parses a server event (for Java clients and tests). Validates shape and types like {@link #parse(String)},
     * but not client limits.
     */
    public ServerEvent parseEvent(String json) {
        Objects.requireNonNull(json, "json");
        return EventJson.readEvent(readObject(json, null), TYPES);
    }

    private void checkPayloadSize(long bytes) {
        if (bytes > limits.maxPayloadBytes()) {
            throw new ProtocolException(ErrorCode.PAYLOAD_TOO_LARGE, "The message is " + bytes + " bytes; the limit is "
                    + limits.maxPayloadBytes() + " bytes (UTF-8). Send a shorter chat message.");
        }
    }

    private JsonNode readObject(String text, byte[] bytes) {
        JsonNode node;
        try (JsonParser parser = text != null ? json.createParser(text) : json.createParser(bytes)) {
            node = JsonTrees.readOne(parser);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "The frame is not valid JSON (" + jsonProblem(e)
                    + "). Send one JSON object per frame, UTF-8 encoded.");
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "The frame is empty. Send one JSON object per frame,"
                    + " e.g. {\"action\":\"ping\"}.");
        }
        if (!node.isObject()) {
            throw new ProtocolException(ErrorCode.NOT_AN_OBJECT, "The frame is a JSON " + node.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + ", not an object. Send an object with an \"action\" field, e.g."
                    + " {\"action\":\"ping\"}.");
        }
        return node;
    }

    private static String jsonProblem(JsonProcessingException e) {
        // the original message, without Jackson's source excerpt that would echo the client's text
        String message = e.getOriginalMessage();
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        String firstLine = newline >= 0 ? message.substring(0, newline) : message;
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        // Jackson quotes the offending token, which may be the user's text: keep short tokens (a stray '}'), hide long ones
        String safe = QUOTED_TOKEN.matcher(firstLine)
                .replaceAll(m -> JSON_WORDS.contains(m.group(1)) ? m.group() : "'...'");
        return (safe.length() > 160 ? safe.substring(0, 160) + "..." : safe) + where;
    }

    private ClientAction toAction(JsonNode object) {
        String requestId = echoId(object, "requestId");
        String streamId = echoId(object, "streamId");
        JsonFields frame = new JsonFields(object, "frame", requestId, streamId);
        if (frame.isAbsent("action")) {
            throw frame.fail(ErrorCode.MISSING_FIELD, "The frame has no \"action\" field; use one of " + ACTIONS + ".");
        }
        JsonNode actionNode = object.get("action");
        if (!actionNode.isTextual()) {
            throw frame.fail(ErrorCode.INVALID_FIELD, "\"action\" must be a string, one of " + ACTIONS + ".");
        }
        String action = actionNode.textValue();
        return switch (action) {
            case ClientAction.Chat.ACTION -> toChat(new JsonFields(object, "chat", requestId, null), null);
            case ClientAction.Cancel.ACTION -> new ClientAction.Cancel(
                    new JsonFields(object, "cancel", null, streamId).requiredId("streamId"));
            case ClientAction.Resume.ACTION -> {
                JsonFields fields = new JsonFields(object, "resume", null, streamId);
                yield new ClientAction.Resume(fields.requiredId("streamId"),
                        fields.requiredLong("lastSeq", ClientAction.Resume.FROM_START));
            }
            case ClientAction.Ping.ACTION -> new ClientAction.Ping();
            default -> throw frame.fail(ErrorCode.UNKNOWN_ACTION, "Unknown action '" + abbreviate(action)
                    + "'; protocol v1 knows " + ACTIONS + ".");
        };
    }

    private ClientAction.Chat toChat(JsonFields given, String defaultRequestId) {
        JsonFields fields = defaultRequestId == null ? given
                : new JsonFields(given.object(), given.kind(), defaultRequestId, given.streamId());
        String requestId = defaultRequestId != null ? defaultRequestId : fields.requiredId("requestId");
        String message = fields.requiredString("message");
        if (message.isBlank()) {
            throw fields.fail(ErrorCode.EMPTY_MESSAGE, "\"message\" is empty; send the user's text.");
        }
        long bytes = Utf8.utf8Length(message);
        if (bytes > limits.maxMessageTextBytes()) {
            throw fields.fail(ErrorCode.MESSAGE_TOO_LONG, "\"message\" is " + bytes + " bytes (UTF-8); the limit is "
                    + limits.maxMessageTextBytes() + " bytes. Shorten the text.");
        }
        int unpaired = Utf8.indexOfUnpairedSurrogate(message);
        if (unpaired >= 0) {
            throw fields.fail(ErrorCode.INVALID_FIELD, "\"message\" has an unpaired UTF-16 surrogate at index " + unpaired
                    + "; send well-formed Unicode text.");
        }
        String conversationId = fields.optionalId("conversationId");
        JsonNode optionsNode = fields.optionalObject("options");
        ChatOptions options = null;
        if (optionsNode != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) JsonTrees.toPlain(optionsNode);
                options = new ChatOptions(values);
            } catch (IllegalArgumentException e) {
                throw fields.fail(ErrorCode.INVALID_FIELD, "\"options\" must hold plain JSON values: " + e.getMessage() + ".");
            }
        }
        return new ClientAction.Chat(requestId, message, conversationId, options);
    }

    private static String echoId(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node != null && node.isTextual() && JsonFields.isValidId(node.textValue()) ? node.textValue() : null;
    }

    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private byte[] generate(GeneratorBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface GeneratorBody {
        void write(JsonGenerator generator) throws IOException;
    }
}
