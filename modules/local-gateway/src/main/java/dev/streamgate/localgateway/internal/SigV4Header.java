package dev.streamgate.localgateway.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a SigV4 {@code Authorization} header. The local gateway checks that a request is signed, and for
 * which service, but not the secret: any credentials work, as long as the client signs.
 *
 * @param accessKeyId the access key id in the credential scope
 * @param date the scope date (yyyyMMdd)
 * @param region the scope region
 * @param service the scope service, {@code execute-api} for {@code @connections}
 */
public record SigV4Header(String accessKeyId, String date, String region, String service) {

    private static final Pattern SHAPE = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=[a-z0-9;\\-]+\\s*,\\s*Signature=[0-9a-f]{64}\\s*");

    /** Parses the header, or returns {@code null} when it is missing or not a SigV4 header. */
    public static SigV4Header parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(authorization);
        if (!m.matches()) {
            return null;
        }
        return new SigV4Header(m.group(1), m.group(2), m.group(3), m.group(4));
    }
}
