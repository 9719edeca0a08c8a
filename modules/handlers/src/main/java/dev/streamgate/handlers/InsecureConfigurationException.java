package dev.streamgate.handlers;

/**
 * A handler running in AWS Lambda would fall back to a published local default secret (or was given one): it refuses
 * to start rather than accept tokens or internal calls signed with a key anyone can read. The message names the
 * variable to set.
 */
public final class InsecureConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message naming the variable to set. */
    public InsecureConfigurationException(String message) {
        super(message);
    }
}
