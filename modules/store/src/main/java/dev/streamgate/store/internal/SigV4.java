package dev.streamgate.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * AWS Signature Version 4 for one request with a small body and no query string, as the SDK's
 * {@code AwsV4HttpSigner} signs it for a non-S3 service (path encoded twice in the canonical request, the payload
 * hash sent and signed as {@code X-Amz-Content-Sha256}, every given header signed, the session token header signed).
 * {@code SigV4Test} checks the headers against the SDK's signer for the same request and clock.
 *
 * <p>Why not the SDK's signer: on a Lambda cold start its first use loaded ~150 classes (its property and identity
 * machinery, {@code java.time} formatting) for a computation that is a dozen lines of HMAC; the handlers' only signed
 * call on the {@code $default} path is the {@code @connections} post. In the core, the SDK's signer was a third of
 * every {@code postToConnection}'s CPU; the core's client signs with this class through its own auth scheme. DynamoDB
 * and Secrets Manager calls keep the SDK's signer ({@link dev.streamgate.store.AwsJsonClient}).
 */
public final class SigV4 {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SigV4() {
    }

    /**
     * The headers to add to a request: {@code X-Amz-Date}, {@code X-Amz-Content-Sha256}, {@code X-Amz-Security-Token}
     * (session credentials only) and {@code Authorization}.
     *
     * @param method the HTTP method, upper case
     * @param host the {@code Host} header value the request is sent with ({@code host[:port]}, port only if not the
     *             scheme's default)
     * @param encodedPath the request path as sent (already percent-encoded)
     * @param headers the other headers sent and signed (e.g. {@code Content-Length}); names in any case
     * @param payload the body
     * @param credentials the identity; a session token is added and signed
     * @param region signing region
     * @param service signing name, e.g. {@code execute-api}
     * @param now the signing time
     */
    public static Map<String, String> sign(String method, String host, String encodedPath, Map<String, String> headers, byte[] payload,
            AwsCredentialsIdentity credentials, String region, String service, Instant now) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        String date = pad(utc.getYear(), 4) + pad(utc.getMonthValue(), 2) + pad(utc.getDayOfMonth(), 2);
        String amzDate = date + "T" + pad(utc.getHour(), 2) + pad(utc.getMinute(), 2) + pad(utc.getSecond(), 2) + "Z";
        String payloadHash = hex(sha256(payload));
        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", amzDate);
        added.put("X-Amz-Content-Sha256", payloadHash);
        if (credentials instanceof AwsSessionCredentialsIdentity session) {
            added.put("X-Amz-Security-Token", session.sessionToken());
        }
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        added.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        StringBuilder canonicalHeaders = new StringBuilder();
        StringBuilder signedHeaders = new StringBuilder();
        for (Map.Entry<String, String> header : signed.entrySet()) {
            canonicalHeaders.append(header.getKey()).append(':').append(trimAll(header.getValue())).append('\n');
            signedHeaders.append(signedHeaders.isEmpty() ? "" : ";").append(header.getKey());
        }
        String canonicalRequest = method + '\n'
                + SdkHttpUtils.urlEncodeIgnoreSlashes(encodedPath) + '\n'
                + '\n'
                + canonicalHeaders + '\n'
                + signedHeaders + '\n'
                + payloadHash;
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = hex(hmac(signingKey(credentials.secretAccessKey(), date, region, service), stringToSign));
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /** The last derived key: it changes only with the day, the secret, the region or the service. */
    private record SigningKey(String secret, String date, String region, String service, byte[] key) {
    }

    private static volatile SigningKey lastKey;

    /** SigV4's derived signing key, four HMACs, computed once a day per secret, region and service. */
    private static byte[] signingKey(String secret, String date, String region, String service) {
        SigningKey cached = lastKey;
        if (cached != null && cached.secret.equals(secret) && cached.date.equals(date) && cached.region.equals(region)
                && cached.service.equals(service)) {
            return cached.key;
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        lastKey = new SigningKey(secret, date, region, service, key);
        return key;
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    /** Leading and trailing spaces removed, inner runs of spaces collapsed to one (SigV4's header value rule). */
    private static String trimAll(String value) {
        String stripped = value.strip();
        return stripped.contains("  ") ? stripped.replaceAll(" {2,}", " ") : stripped;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
