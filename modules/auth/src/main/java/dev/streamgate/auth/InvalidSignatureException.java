package dev.streamgate.auth;

import java.util.Objects;

/**
 * A signed internal request was refused; {@link #reason()} says why. The core answers 401 with a JSON error body.
 */
public final class InvalidSignatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a signed request was refused. */
    public enum Reason {
        /** One of {@code X-Sg-Timestamp}, {@code X-Sg-Nonce}, {@code X-Sg-Signature} is absent. */
        MISSING("missing"),
        /** A header is present but not in the expected format. */
        MALFORMED("malformed"),
        /** The timestamp is more than the allowed skew (60 s) away from the verifier's clock. */
        STALE("stale"),
        /** The HMAC does not match: wrong secret, or method, path or body changed on the way. */
        BAD_SIGNATURE("bad_signature"),
        /** The nonce was already used within the window. */
        REPLAYED("replayed");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        /** The lower snake case name, e.g. {@code replayed}. */
        public String wireName() {
            return wireName;
        }
    }

    private final Reason reason;

    /** Creates the exception with its reason and an explanation. */
    public InvalidSignatureException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
