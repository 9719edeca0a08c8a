package dev.streamgate.core;

/** Thrown at start-up when a configuration value cannot be used; the message names the variable and the fix. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says which setting is wrong and what it accepts. */
    public InvalidConfigException(String message) {
        super(message);
    }
}
