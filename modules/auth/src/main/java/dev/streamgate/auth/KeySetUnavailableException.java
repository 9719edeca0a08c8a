package dev.streamgate.auth;

/**
 * The JWK set could not be fetched or parsed, so no token can be checked right now.
 *
 * <p>Not the client's fault: answer 503 (or fail the authorizer invocation) rather than 401, and check
 * {@code SG_JWT_JWKS_URL} and the network path to it.
 */
public final class KeySetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with an explanation and the underlying cause. */
    public KeySetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
