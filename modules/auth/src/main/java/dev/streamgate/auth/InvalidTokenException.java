package dev.streamgate.auth;

import java.util.Objects;

/**
 * A bearer token was refused; {@link #reason()} says why. Callers answer 401 (or an authorizer Deny).
 *
 * <p>The message never contains the token. It is meant for logs and for the client developer.
 */
public final class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused; {@link #wireName()} is the lower snake case form for logs and error bodies. */
    public enum Reason {
        /** No token was presented. */
        MISSING("missing"),
        /** Not a compact JWS (three base64url parts with JSON header and claims). */
        MALFORMED("malformed"),
        /** The header's {@code alg} is {@code none} or not in the configured allow-list. */
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        /** No key in the JWK set matches the token's {@code kid}, even after a refetch. */
        UNKNOWN_KEY("unknown_key"),
        /** The signature does not verify with the configured secret or key. */
        BAD_SIGNATURE("bad_signature"),
        /** {@code exp} is in the past (beyond the allowed clock skew). */
        EXPIRED("expired"),
        /** {@code nbf} is in the future (beyond the allowed clock skew). */
        NOT_YET_VALID("not_yet_valid"),
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER("wrong_issuer"),
        /** Neither {@code aud} nor (when {@code aud} is absent) {@code client_id} names the configured audience. */
        WRONG_AUDIENCE("wrong_audience"),
        /** A required claim ({@code sub}, {@code exp}) is absent or has the wrong type. */
        MISSING_CLAIM("missing_claim");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        /** The lower snake case name, e.g. {@code bad_signature}. */
        public String wireName() {
            return wireName;
        }
    }

    private final Reason reason;

    /** Creates the exception with its reason and an explanation that does not contain the token. */
    public InvalidTokenException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
