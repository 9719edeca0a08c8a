package dev.streamgate.protocol.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ProtocolException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of one parsed JSON object and turns every problem into a {@link ProtocolException}
 * that names the field and says what a valid value looks like.
 *
 * @param object the frame
 * @param kind what the frame is, for messages ({@code "chat"}, {@code "chunk event"})
 * @param requestId the request id to echo in errors, or null
 * @param streamId the stream id to echo in errors, or null
 */
public record JsonFields(JsonNode object, String kind, String requestId, String streamId) {
    /** The id format: 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** How ids must look, for error messages. */
    public static final String ID_RULE = "1 to 128 characters from A-Z a-z 0-9 . _ : -";

    /** Whether a value is usable as an id. */
    public static boolean isValidId(String value) {
        return value != null && ID_PATTERN.matcher(value).matches();
    }

    /** A field that is absent or JSON null. */
    public boolean isAbsent(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull();
    }

    /** A required string. */
    public String requiredString(String name) {
        JsonNode node = required(name, "a string");
        if (!node.isTextual()) {
            throw wrongType(name, node, "a string");
        }
        return node.textValue();
    }

    /** An optional string (null if absent). */
    public String optionalString(String name) {
        return isAbsent(name) ? null : requiredString(name);
    }

    /** A required id. */
    public String requiredId(String name) {
        return checkId(name, requiredString(name));
    }

    /** An optional id (null if absent). */
    public String optionalId(String name) {
        return isAbsent(name) ? null : requiredId(name);
    }

    /** A required integral number that fits a long and is at least {@code min}. */
    public long requiredLong(String name, long min) {
        JsonNode node = required(name, "an integer");
        if (!node.isIntegralNumber()) {
            throw wrongType(name, node, "an integer");
        }
        if (!node.canConvertToLong()) {
            throw fail(ErrorCode.INVALID_FIELD, "\"" + name + "\" in a " + kind + " is too large for a 64-bit integer.");
        }
        long value = node.longValue();
        if (value < min) {
            throw fail(ErrorCode.INVALID_FIELD, "\"" + name + "\" in a " + kind + " must be >= " + min + ", was " + value + ".");
        }
        return value;
    }

    /** A required boolean. */
    public boolean requiredBoolean(String name) {
        JsonNode node = required(name, "true or false");
        if (!node.isBoolean()) {
            throw wrongType(name, node, "true or false");
        }
        return node.booleanValue();
    }

    /** An optional JSON object (null if absent). */
    public JsonNode optionalObject(String name) {
        if (isAbsent(name)) {
            return null;
        }
        JsonNode node = object.get(name);
        if (!node.isObject()) {
            throw wrongType(name, node, "a JSON object");
        }
        return node;
    }

    /** An exception of the given code that echoes this frame's ids. */
    public ProtocolException fail(ErrorCode code, String message) {
        return new ProtocolException(code, message, requestId, streamId);
    }

    private String checkId(String name, String value) {
        if (!isValidId(value)) {
            String shown = value.length() > 40 ? value.length() + " characters" : "'" + value + "'";
            throw fail(ErrorCode.INVALID_FIELD, "\"" + name + "\" in a " + kind + " must be " + ID_RULE + "; got " + shown + ".");
        }
        return value;
    }

    private JsonNode required(String name, String expected) {
        if (isAbsent(name)) {
            throw fail(ErrorCode.MISSING_FIELD, "A " + kind + " needs \"" + name + "\" (" + expected + ").");
        }
        return object.get(name);
    }

    private ProtocolException wrongType(String name, JsonNode node, String expected) {
        return fail(ErrorCode.INVALID_FIELD, "\"" + name + "\" in a " + kind + " must be " + expected + ", got "
                + describe(node) + ".");
    }

    private static String describe(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "a number" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
