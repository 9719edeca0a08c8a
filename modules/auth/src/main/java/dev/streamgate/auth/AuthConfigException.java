package dev.streamgate.auth;

/** Authentication settings are missing, contradictory or too weak; the message names the variable to fix. */
public final class AuthConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the setting and a valid value. */
    public AuthConfigException(String message) {
        super(message);
    }
}
