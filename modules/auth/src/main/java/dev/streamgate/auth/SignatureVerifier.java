package dev.streamgate.auth;

import dev.streamgate.auth.InvalidSignatureException.Reason;
import dev.streamgate.auth.internal.Hmac;
import dev.streamgate.auth.internal.ReplayCache;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the HMAC signature of an internal call made with {@link RequestSigner}: headers present and well formed,
 * timestamp within the skew (60 s), signature correct (constant-time compare), nonce not seen before in the window.
 * Thread-safe; keep one per process, since the replay cache lives in it.
 */
public final class SignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("v1=[0-9a-f]{64}");

    private final SigningConfig config;
    private final ReplayCache replayCache;

    private SignatureVerifier(SigningConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.replayCache = new ReplayCache(config.replayCacheSize());
    }

    /** Creates a verifier with the shared secret and limits from {@code config}. */
    public static SignatureVerifier create(SigningConfig config) {
        return new SignatureVerifier(config);
    }

    /**
     * Verifies a request whose headers are in a map (header names matched case-insensitively).
     *
     * @throws InvalidSignatureException if the request must be refused (answer 401)
     */
    public void verify(String method, String rawPath, Map<String, String> headers, byte[] body) {
        verify(method, rawPath, name -> header(headers, name), body);
    }

    /**
     * Verifies a request, reading headers through {@code headerLookup} (for servers with their own header types).
     *
     * @param method the HTTP method
     * @param rawPath the raw request path; a query part, if passed, is ignored
     * @param headerLookup returns the value of a header, or null if absent
     * @param body the exact body bytes received
     * @throws InvalidSignatureException if the request must be refused (answer 401)
     */
    public void verify(String method, String rawPath, Function<String, String> headerLookup, byte[] body) {
        String timestampText = headerLookup.apply(RequestSigner.TIMESTAMP_HEADER);
        String nonce = headerLookup.apply(RequestSigner.NONCE_HEADER);
        String signature = headerLookup.apply(RequestSigner.SIGNATURE_HEADER);
        if (timestampText == null || nonce == null || signature == null) {
            throw refuse(Reason.MISSING, "Internal calls need the headers " + RequestSigner.TIMESTAMP_HEADER + ", "
                    + RequestSigner.NONCE_HEADER + " and " + RequestSigner.SIGNATURE_HEADER + "; sign them with RequestSigner.");
        }
        if (!TIMESTAMP.matcher(timestampText).matches() || !NONCE.matcher(nonce).matches()
                || !SIGNATURE.matcher(signature).matches()) {
            throw refuse(Reason.MALFORMED, "Expected " + RequestSigner.TIMESTAMP_HEADER + " as epoch seconds, "
                    + RequestSigner.NONCE_HEADER + " as 16-128 characters [A-Za-z0-9_-], and "
                    + RequestSigner.SIGNATURE_HEADER + " as v1=<64 lowercase hex>.");
        }
        long timestamp = Long.parseLong(timestampText);
        long now = config.clock().instant().getEpochSecond();
        long skew = config.maxSkew().toSeconds();
        if (Math.abs(now - timestamp) > skew) {
            throw refuse(Reason.STALE, "The request was signed at " + timestamp + ", " + (now - timestamp)
                    + " s from this server's clock; the limit is " + skew + " s. Check both clocks (NTP).");
        }
        String expected = Hmac.sign(config.secret(), Hmac.canonical(method, rawPath, timestamp, nonce, body));
        if (!Hmac.constantTimeEquals(RequestSigner.VERSION_PREFIX + expected, signature)) {
            throw refuse(Reason.BAD_SIGNATURE, "The signature does not match: the caller uses another "
                    + SigningConfig.ENV_SECRET + ", or the method, path or body changed on the way.");
        }
        if (!replayCache.firstUse(nonce, timestamp + skew, now)) {
            throw refuse(Reason.REPLAYED, "This nonce was already used; sign every request anew.");
        }
    }

    private static InvalidSignatureException refuse(Reason reason, String message) {
        LOG.debug("internal signature refused reason={}", reason.wireName());
        return new InvalidSignatureException(reason, message);
    }

    private static String header(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
