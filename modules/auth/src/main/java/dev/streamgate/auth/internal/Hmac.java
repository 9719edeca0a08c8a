package dev.streamgate.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The internal-call signature v1: lowercase hex HMAC-SHA256 over
 * {@code METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))}, PATH being the raw path without query.
 */
public final class Hmac {
    private static final HexFormat HEX = HexFormat.of();

    private Hmac() {
    }

    /** The string that is signed; method upper-cased, any query stripped from the path. */
    public static String canonical(String method, String rawPath, long timestamp, String nonce, byte[] body) {
        return method.toUpperCase(Locale.ROOT) + "\n" + pathOnly(rawPath) + "\n" + timestamp + "\n" + nonce + "\n"
                + sha256Hex(body);
    }

    /** Lowercase hex HMAC-SHA256 of {@code text} (UTF-8) under {@code secret}. */
    public static String sign(byte[] secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Compares two hex strings in time independent of where they differ. */
    public static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String pathOnly(String rawPath) {
        int query = rawPath.indexOf('?');
        return query >= 0 ? rawPath.substring(0, query) : rawPath;
    }
}
