package dev.streamgate.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The open-ended {@code options} object of a {@code chat}: engine knobs the protocol does not fix.
 *
 * <p>Deliberately a map rather than fixed fields, so engines can add knobs (the demo engine's first-token delay,
 * answer length and token rate; a model name for the OpenAI engine) without a protocol change. Values are plain
 * JSON values as Java objects: {@link String}, {@link Long} (integral numbers that fit), {@link BigInteger},
 * {@link Double} (other numbers), {@link Boolean}, {@code null}, {@link List} and {@link Map} (insertion order
 * kept, so a chat re-serializes byte for byte). The map and everything in it are unmodifiable. The engine that reads
 * a knob documents its name; unknown knobs are ignored by engines.
 *
 * @param values the options, never null (may be empty)
 */
public record ChatOptions(Map<String, Object> values) {
    /** Options with no entries. */
    public static final ChatOptions EMPTY = new ChatOptions(Map.of());

    /** Copies the map deeply into unmodifiable collections, checking every value is a JSON value. */
    public ChatOptions {
        Objects.requireNonNull(values, "values");
        values = copyObject(values);
    }

    /** Creates options from a map of JSON values (see the type's documentation for the allowed value types). */
    public static ChatOptions of(Map<String, ?> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) values;
        return new ChatOptions(map);
    }

    /** The integral value of a knob, if present and an integral number that fits a long. */
    public Optional<Long> getLong(String name) {
        return values.get(name) instanceof Long value ? Optional.of(value) : Optional.empty();
    }

    /** The numeric value of a knob as a double, if present and a number. */
    public Optional<Double> getDouble(String name) {
        return values.get(name) instanceof Number value ? Optional.of(value.doubleValue()) : Optional.empty();
    }

    /** The value of a knob, if present and a string. */
    public Optional<String> getString(String name) {
        return values.get(name) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** The value of a knob, if present and a boolean. */
    public Optional<Boolean> getBoolean(String name) {
        return values.get(name) instanceof Boolean value ? Optional.of(value) : Optional.empty();
    }

    /** Whether the options have no entries. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    private static Map<String, Object> copyObject(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("option names must be strings, got " + entry.getKey());
            }
            copy.put(key, copyValue(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("option values must be finite numbers, got " + number);
            }
            return number;
        }
        if (value instanceof Map<?, ?> map) {
            return copyObject(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("option values must be JSON values (String, Number, Boolean, null, List, Map), got "
                + value.getClass().getName());
    }
}
