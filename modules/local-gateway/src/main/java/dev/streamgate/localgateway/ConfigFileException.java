package dev.streamgate.localgateway;

/** The gateway's JSON configuration file is unreadable or wrong; the message names the field and the fix. */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the field and the fix. */
    public ConfigFileException(String message) {
        super(message);
    }

    /** With a message naming the field and the fix, and the cause. */
    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
