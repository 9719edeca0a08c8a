package dev.streamgate.store;

/**
 * An error of one {@link AwsJsonClient} call: the service's error type (the part after {@code #} of {@code __type},
 * e.g. {@code ConditionalCheckFailedException}), {@code IOException} when no answer came, and the HTTP status (0 then).
 *
 * <p>The stores turn these into their typed exceptions; callers of the stores never see this one.
 */
public final class AwsJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int statusCode;
    private final boolean retryable;

    AwsJsonException(String errorType, int statusCode, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    /** DynamoDB's error type, e.g. {@code ResourceNotFoundException}; {@code IOException} when there was no answer. */
    public String errorType() {
        return errorType;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int statusCode() {
        return statusCode;
    }

    /** Whether another attempt may succeed (throttling, 5xx, no answer). */
    public boolean isRetryable() {
        return retryable;
    }

    /** A conditional write whose condition did not hold. */
    public boolean isConditionalCheckFailed() {
        return "ConditionalCheckFailedException".equals(errorType);
    }

    /** The service throttled the request. */
    public boolean isThrottling() {
        return isThrottling(errorType);
    }

    static boolean isThrottling(String type) {
        return "ProvisionedThroughputExceededException".equals(type) || "ThrottlingException".equals(type)
                || "RequestLimitExceeded".equals(type) || "Throttling".equals(type);
    }
}
