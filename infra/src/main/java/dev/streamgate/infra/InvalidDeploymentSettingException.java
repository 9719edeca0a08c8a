package dev.streamgate.infra;

/** A CDK context value that cannot be deployed; the message names the key and how to set it. */
public final class InvalidDeploymentSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the offending context key. */
    public InvalidDeploymentSettingException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the parse failure behind it. */
    public InvalidDeploymentSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
