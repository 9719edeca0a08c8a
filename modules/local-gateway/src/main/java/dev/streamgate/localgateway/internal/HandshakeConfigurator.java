package dev.streamgate.localgateway.internal;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.RequestContext;

/**
 * Runs the authorizer and {@code $connect} inside the WebSocket handshake, so a refusal is an HTTP status and no
 * connection ever opens, and echoes the subprotocol {@code $connect} chose.
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private final GatewayRuntime runtime;
    private final GatewayEndpoint endpoint;

    HandshakeConfigurator(GatewayRuntime runtime, GatewayEndpoint endpoint) {
        this.runtime = runtime;
        this.endpoint = endpoint;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String sourceIp = request instanceof RequestContext context && context.getRemoteAddr() != null
                ? context.getRemoteAddr() : "127.0.0.1";
        long now = System.currentTimeMillis();
        // the headers API Gateway adds in front of the client's
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of(Ids.traceId(now)));
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        int serverPort = request instanceof RequestContext context ? context.getServerPort() : runtime.settings().port();
        headers.putIfAbsent("X-Forwarded-Port", List.of(String.valueOf(serverPort)));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        HandshakeData handshake = new HandshakeData(headers, parseQuery(request.getQueryString()), sourceIp,
                firstHeader(headers, "User-Agent"));
        List<String> offered = new ArrayList<>();
        List<String> protocolHeaders = request.getHeaders().get(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL);
        if (protocolHeaders != null) {
            for (String value : protocolHeaders) {
                for (String p : value.split(",")) {
                    if (!p.isBlank()) {
                        offered.add(p.trim());
                    }
                }
            }
        }
        HandshakeOutcome outcome = runtime.handshake(handshake, offered);
        if (!outcome.accepted()) {
            // drop the 101 headers Tyrus already set, and end the refusal so clients stop reading
            response.getHeaders().clear();
            response.getHeaders().put("Content-Length", List.of("0"));
            throw sneaky(new HandshakeException(outcome.status(), "connection refused with " + outcome.status()));
        }
        config.getUserProperties().put(GatewayEndpoint.CONNECTION_KEY, outcome.connection());
        if (outcome.subprotocol() != null) {
            response.getHeaders().put(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL, List.of(outcome.subprotocol()));
        }
    }

    // Tyrus turns a HandshakeException thrown from here into the HTTP status with no connection (a status set on
    // the response would not do: Tyrus still opens the connection for 401)
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    private static String firstHeader(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return result;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    // percent-decoding only: a literal '+' stays '+', which keeps Base64 tokens intact
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoint);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }
}
