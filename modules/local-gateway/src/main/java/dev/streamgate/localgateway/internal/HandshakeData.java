package dev.streamgate.localgateway.internal;

import java.util.List;
import java.util.Map;

/**
 * What API Gateway passes on from the WebSocket upgrade request: headers (as sent, plus the ones API Gateway
 * adds), query parameters and the client's address.
 *
 * @param headers header name to values, in arrival order
 * @param query query parameter name to values
 * @param sourceIp the client's IP address
 * @param userAgent the {@code User-Agent} header, or {@code null}
 */
public record HandshakeData(Map<String, List<String>> headers, Map<String, List<String>> query, String sourceIp,
                            String userAgent) {

    /** The first value of a header, matched case-insensitively, or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
