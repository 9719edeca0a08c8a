package dev.streamgate.localgateway.internal;

/**
 * The shape of a SigV4 {@code Authorization} header. The local gateway checks that a request is signed, and for
 * which service, but not the secret: any credentials work, as long as the client signs.
 *
 * <p>The accepted shape is {@code AWS4-HMAC-SHA256\s+Credential=ID/yyyyMMdd/REGION/SERVICE/aws4_request\s*,\s*
 * SignedHeaders=[a-z0-9;-]+\s*,\s*Signature=[0-9a-f]{64}\s*} (ID, REGION, SERVICE without {@code /}, {@code ,} or
 * white space), read by hand: every {@code @connections} call is checked, and a regular expression was a tenth of
 * the gateway's CPU per POST.
 *
 * @param accessKeyId the access key id in the credential scope
 * @param date the scope date (yyyyMMdd)
 * @param region the scope region
 * @param service the scope service, {@code execute-api} for {@code @connections}
 */
public record SigV4Header(String accessKeyId, String date, String region, String service) {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String CREDENTIAL = "Credential=";
    private static final String REQUEST = "aws4_request";
    private static final String SIGNED_HEADERS = "SignedHeaders=";
    private static final String SIGNATURE = "Signature=";
    private static final int SIGNATURE_LENGTH = 64;

    /** Parses the header, or returns {@code null} when it is missing or not a SigV4 header. */
    public static SigV4Header parse(String authorization) {
        int[] at = scan(authorization);
        if (at == null) {
            return null;
        }
        String s = authorization;
        return new SigV4Header(s.substring(at[0], at[1]), s.substring(at[2], at[3]), s.substring(at[4], at[5]),
                s.substring(at[6], at[7]));
    }

    /**
     * What {@code parse(authorization).service()} says about {@code service}, without building the header: null
     * when the header is missing or malformed, else whether its scope names that service.
     */
    public static Boolean scopedTo(CharSequence authorization, String service) {
        int[] at = scan(authorization);
        if (at == null) {
            return null;
        }
        return at[7] - at[6] == service.length() && startsWith(authorization, service, at[6]);
    }

    /** Start and end of access key id, date, region and service, or {@code null} when not a SigV4 header. */
    private static int[] scan(CharSequence authorization) {
        if (authorization == null || !startsWith(authorization, ALGORITHM, 0)) {
            return null;
        }
        CharSequence s = authorization;
        int n = s.length();
        int i = ALGORITHM.length();
        int spaces = skipSpaces(s, i);
        if (spaces == i || !startsWith(s, CREDENTIAL, spaces)) {
            return null;
        }
        i = spaces + CREDENTIAL.length();
        int idEnd = scopePart(s, i);
        if (idEnd == i || idEnd >= n || s.charAt(idEnd) != '/') {
            return null;
        }
        int dateStart = idEnd + 1;
        int dateEnd = dateStart + 8;
        if (dateEnd >= n || s.charAt(dateEnd) != '/') {
            return null;
        }
        for (int k = dateStart; k < dateEnd; k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return null;
            }
        }
        int regionStart = dateEnd + 1;
        int regionEnd = scopePart(s, regionStart);
        if (regionEnd == regionStart || regionEnd >= n || s.charAt(regionEnd) != '/') {
            return null;
        }
        int serviceStart = regionEnd + 1;
        int serviceEnd = scopePart(s, serviceStart);
        if (serviceEnd == serviceStart || serviceEnd >= n || s.charAt(serviceEnd) != '/'
                || !startsWith(s, REQUEST, serviceEnd + 1)) {
            return null;
        }
        i = comma(s, serviceEnd + 1 + REQUEST.length());
        if (i < 0 || !startsWith(s, SIGNED_HEADERS, i)) {
            return null;
        }
        int headersStart = i + SIGNED_HEADERS.length();
        i = headersStart;
        while (i < n && isSignedHeadersChar(s.charAt(i))) {
            i++;
        }
        if (i == headersStart) {
            return null;
        }
        i = comma(s, i);
        if (i < 0 || !startsWith(s, SIGNATURE, i)) {
            return null;
        }
        int signatureStart = i + SIGNATURE.length();
        i = signatureStart;
        while (i < n && isLowerHex(s.charAt(i))) {
            i++;
        }
        if (i - signatureStart != SIGNATURE_LENGTH || skipSpaces(s, i) != n) {
            return null;
        }
        return new int[] {spaces + CREDENTIAL.length(), idEnd, dateStart, dateEnd, regionStart, regionEnd, serviceStart,
            serviceEnd};
    }

    /** The end of a run of characters other than {@code /}, {@code ,} and white space. */
    private static int scopePart(CharSequence s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' || c == ',' || isSpace(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Past {@code \s*,\s*} at {@code from}, or -1. */
    private static int comma(CharSequence s, int from) {
        int i = skipSpaces(s, from);
        if (i >= s.length() || s.charAt(i) != ',') {
            return -1;
        }
        return skipSpaces(s, i + 1);
    }

    private static int skipSpaces(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code s.startsWith(prefix, at)} for any character sequence. */
    private static boolean startsWith(CharSequence s, String prefix, int at) {
        if (at < 0 || at + prefix.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // what \s matches in java.util.regex without UNICODE_CHARACTER_CLASS
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isSignedHeadersChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ';' || c == '-';
    }

    private static boolean isLowerHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
