package dev.streamgate.auth;

import dev.streamgate.auth.internal.Hmac;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Signs internal HTTP calls (handlers to core) with HMAC-SHA256: adds {@code X-Sg-Timestamp}, {@code X-Sg-Nonce}
 * and {@code X-Sg-Signature: v1=<hex>} as described in the team's internal API contract. Thread-safe.
 */
public final class RequestSigner {
    /** Header carrying the epoch seconds the request was signed at. */
    public static final String TIMESTAMP_HEADER = "X-Sg-Timestamp";
    /** Header carrying the random nonce (32 lowercase hex characters here; 16 to 128 accepted). */
    public static final String NONCE_HEADER = "X-Sg-Nonce";
    /** Header carrying {@code v1=<lowercase hex HMAC-SHA256>}. */
    public static final String SIGNATURE_HEADER = "X-Sg-Signature";
    /** Prefix of the signature header value for this version of the scheme. */
    public static final String VERSION_PREFIX = "v1=";

    private static final HexFormat HEX = HexFormat.of();

    private final SigningConfig config;
    private final SecureRandom random = new SecureRandom();

    private RequestSigner(SigningConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Creates a signer with the shared secret from {@code config}. */
    public static RequestSigner create(SigningConfig config) {
        return new RequestSigner(config);
    }

    /**
     * The three headers to add to a request.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param rawPath the raw (still percent-encoded) path, without query, e.g. {@code /internal/v1/streams}
     * @param body the exact body bytes sent (empty array or null for none)
     * @return header name to value, in a fixed order
     */
    public Map<String, String> sign(String method, String rawPath, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        long timestamp = config.clock().instant().getEpochSecond();
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = HEX.formatHex(nonceBytes);
        String signature = Hmac.sign(config.secret(), Hmac.canonical(method, rawPath, timestamp, nonce, body));
        return Map.of(TIMESTAMP_HEADER, Long.toString(timestamp), NONCE_HEADER, nonce, SIGNATURE_HEADER,
                VERSION_PREFIX + signature);
    }
}
