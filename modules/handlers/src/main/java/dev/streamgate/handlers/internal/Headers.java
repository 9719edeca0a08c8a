package dev.streamgate.handlers.internal;

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
}
