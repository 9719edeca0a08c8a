package dev.streamgate.handlers.internal;

/**
 * The invocation input is not an API Gateway event a handler can work with (not JSON, not an object, a field of the
 * wrong type, no request context). The handler's stream entry lets it fail the invocation, as the Lambda runtime's
 * own deserializer would have; the message names the field, never its value.
 */
public final class MalformedEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An event refused for this reason. */
    public MalformedEventException(String message) {
        super(message);
    }
}
