package dev.streamgate.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.store.DynamoDb;
import java.time.Instant;

/** Small conversions between Java values and DynamoDB attribute values in their JSON wire form. */
public final class Items {

    private Items() {
    }

    /** A string attribute, {@code {"S": value}}. */
    public static ObjectNode s(String value) {
        return DynamoDb.object().put("S", value);
    }

    /** A number attribute, {@code {"N": "value"}}. */
    public static ObjectNode n(long value) {
        return DynamoDb.object().put("N", Long.toString(value));
    }

    /** A map attribute, {@code {"M": value}}. */
    public static ObjectNode m(ObjectNode value) {
        ObjectNode m = DynamoDb.object();
        m.set("M", value);
        return m;
    }

    /** A time as epoch milliseconds. */
    public static ObjectNode millis(Instant time) {
        return n(time.toEpochMilli());
    }

    /** A time as epoch seconds (the form DynamoDB TTL reads). */
    public static ObjectNode seconds(Instant time) {
        return n(time.getEpochSecond());
    }

    /** An object of name/value pairs (a key, an item, expression names or values); {@code pairs} alternate name, value. */
    public static ObjectNode object(Object... pairs) {
        ObjectNode o = DynamoDb.object();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value instanceof JsonNode node) {
                o.set((String) pairs[i], node);
            } else {
                o.put((String) pairs[i], (String) value);
            }
        }
        return o;
    }

    /** Whether an item (possibly null or missing) has this attribute. */
    public static boolean has(JsonNode item, String name) {
        return item != null && item.has(name);
    }

    /** A required string attribute of an item. */
    public static String string(JsonNode item, String name) {
        JsonNode value = item.path(name).get("S");
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("stored item lacks string attribute " + name + ": it was not written by streamgate");
        }
        return value.textValue();
    }

    /** A required number attribute of an item. */
    public static long number(JsonNode item, String name) {
        JsonNode value = item.path(name).get("N");
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("stored item lacks number attribute " + name + ": it was not written by streamgate");
        }
        return Long.parseLong(value.textValue());
    }

    /** A time stored as epoch milliseconds. */
    public static Instant instantMillis(JsonNode item, String name) {
        return Instant.ofEpochMilli(number(item, name));
    }

    /** A time stored as epoch seconds. */
    public static Instant instantSeconds(JsonNode item, String name) {
        return Instant.ofEpochSecond(number(item, name));
    }
}
