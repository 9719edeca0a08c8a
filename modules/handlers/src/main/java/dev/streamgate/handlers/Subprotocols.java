package dev.streamgate.handlers;

import java.util.Optional;

/**
 * The {@code Sec-WebSocket-Protocol} convention for browsers, which cannot set an {@code Authorization} header on a
 * WebSocket: the client offers {@code streamgate.v1, bearer.<jwt>}.
 *
 * <p>{@code streamgate.v1} names the wire protocol and is the one the server picks (the {@code $connect} handler echoes
 * it); {@code bearer.<jwt>} carries the compact JWT (base64url parts and dots are valid subprotocol characters) and is
 * never echoed. The {@code token} query parameter is the alternative; it wins when both are present.
 */
public final class Subprotocols {

    /** The wire protocol's subprotocol name, echoed by {@code $connect}. */
    public static final String STREAMGATE_V1 = "streamgate.v1";
    /** Prefix of the offered subprotocol that carries the token. */
    public static final String BEARER_PREFIX = "bearer.";
    /** The request and response header. */
    public static final String HEADER = "Sec-WebSocket-Protocol";

    private Subprotocols() {
    }

    /** The token in an offered-subprotocols header value, if one entry is {@code bearer.<jwt>}. */
    public static Optional<String> bearerToken(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        for (String offered : headerValue.split(",")) {
            String entry = offered.trim();
            if (entry.startsWith(BEARER_PREFIX) && entry.length() > BEARER_PREFIX.length()) {
                return Optional.of(entry.substring(BEARER_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    /** Whether the client offered {@value #STREAMGATE_V1}. */
    public static boolean offersStreamgate(String headerValue) {
        if (headerValue == null) {
            return false;
        }
        for (String offered : headerValue.split(",")) {
            if (offered.trim().equals(STREAMGATE_V1)) {
                return true;
            }
        }
        return false;
    }
}
