package dev.streamgate.localgateway;

/** The gateway could not start (port in use, bad configuration); the message says what to change. */
public final class GatewayStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message saying how to fix it, and the cause. */
    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
