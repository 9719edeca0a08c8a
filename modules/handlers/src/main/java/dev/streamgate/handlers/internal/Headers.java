package dev.streamgate.handlers.internal;

import java.util.List;
import java.util.Map;

/** Header look-up in API Gateway events, whose header names keep the client's spelling. */
public final class Headers {

    private Headers() {
    }

    /** The value of a header, matched ignoring case, or null. */
    public static String get(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Every value of a header joined with commas: {@code multiValueHeaders} when present (a client may send a header
     * several times, and the single-value map keeps only the last), else the single value, else null.
     */
    public static String joined(Map<String, String> headers, Map<String, List<String>> multiValueHeaders, String name) {
        if (multiValueHeaders != null) {
            for (Map.Entry<String, List<String>> e : multiValueHeaders.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                    return String.join(",", e.getValue());
                }
            }
        }
        return get(headers, name);
    }
}
