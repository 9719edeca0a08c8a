package dev.streamgate.store.internal;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small conversions between Java values and DynamoDB attribute values. */
public final class Items {

    private Items() {
    }

    /** A string attribute. */
    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** A number attribute. */
    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** A time as epoch milliseconds. */
    public static AttributeValue millis(Instant time) {
        return n(time.toEpochMilli());
    }

    /** A time as epoch seconds (the form DynamoDB TTL reads). */
    public static AttributeValue seconds(Instant time) {
        return n(time.getEpochSecond());
    }

    /** A required string attribute of an item. */
    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("stored item lacks string attribute " + name + ": it was not written by streamgate");
        }
        return value.s();
    }

    /** A required number attribute of an item. */
    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("stored item lacks number attribute " + name + ": it was not written by streamgate");
        }
        return Long.parseLong(value.n());
    }

    /** A time stored as epoch milliseconds. */
    public static Instant instantMillis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(number(item, name));
    }

    /** A time stored as epoch seconds. */
    public static Instant instantSeconds(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochSecond(number(item, name));
    }
}
