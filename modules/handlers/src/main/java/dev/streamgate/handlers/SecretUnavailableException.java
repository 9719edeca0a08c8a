package dev.streamgate.handlers;

/**
 * A secret named by an {@code SG_*_SECRET_ARN} variable could not be read from Secrets Manager at init; the message says
 * which variable and what to check (ARN, IAM permission, network path).
 */
public final class SecretUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message saying how to fix it and the SDK's cause, if any. */
    public SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
