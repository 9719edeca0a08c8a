package dev.streamgate.localgateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A route selection expression ({@code $request.body.action}, or a deeper path such as
 * {@code $request.body.message.type}) evaluated against inbound frames.
 */
public final class RouteSelection {

    private static final String PREFIX = "$request.body.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String expression;
    private final List<String> path;

    private RouteSelection(String expression, List<String> path) {
        this.expression = expression;
        this.path = path;
    }

    /** Parses an expression; only {@code $request.body.PATH} is meaningful for WebSocket APIs. */
    public static RouteSelection parse(String expression) {
        if (expression == null || !expression.startsWith(PREFIX) || expression.length() == PREFIX.length()) {
            throw new IllegalArgumentException("route selection expression '" + expression
                    + "' is not supported: use $request.body.FIELD (for example $request.body.action)");
        }
        return new RouteSelection(expression, List.of(expression.substring(PREFIX.length()).split("\\.")));
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /**
     * The route key a text frame selects: the value at the path turned into a string when it names a configured
     * route, else {@code $default} (also for frames that are not JSON objects).
     */
    public String select(String body, Set<String> routeKeys) {
        if (body.isEmpty() || body.charAt(0) != '{' && !Character.isWhitespace(body.charAt(0))) {
            return "$default";
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            return "$default";
        }
        for (String field : path) {
            if (node == null || !node.isObject()) {
                return "$default";
            }
            node = node.get(field);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "$default";
        }
        String value = node.isValueNode() ? node.asText() : node.toString();
        return routeKeys.contains(value) && !value.startsWith("$") ? value : "$default";
    }
}
