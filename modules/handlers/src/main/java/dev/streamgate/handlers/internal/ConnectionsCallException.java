package dev.streamgate.handlers.internal;

/**
 * A call to the {@code @connections} API failed, typed by what API Gateway answered. The message carries the status,
 * never the payload.
 */
public final class ConnectionsCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Failure {
        /** 410: the client has left (normal). */
        GONE(false),
        /** 413: the payload is over API Gateway's 128 KB frame limit. */
        PAYLOAD_TOO_LARGE(false),
        /** 429: API Gateway throttled the call. */
        THROTTLED(true),
        /** 403: the signature or the role's permission was refused (or the path is not an API's). */
        FORBIDDEN(false),
        /** 5xx: API Gateway failed. */
        SERVER_ERROR(true),
        /** Any other non-2xx answer. */
        REJECTED(false),
        /** No answer: connect refused, timeout, reset. */
        UNREACHABLE(true),
        /** No credentials to sign with. */
        CREDENTIALS(false);

        private final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether a second attempt may succeed. */
        public boolean retryable() {
            return retryable;
        }

        /** The failure for a non-2xx status. */
        static Failure of(int status) {
            return switch (status) {
                case 410 -> GONE;
                case 413 -> PAYLOAD_TOO_LARGE;
                case 429 -> THROTTLED;
                case 403 -> FORBIDDEN;
                default -> status >= 500 ? SERVER_ERROR : REJECTED;
            };
        }
    }

    private final Failure failure;
    private final int status;

    /** A failure; {@code status} is 0 when there was no answer. */
    public ConnectionsCallException(Failure failure, int status, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.status = status;
    }

    /** What went wrong. */
    public Failure failure() {
        return failure;
    }

    /** The HTTP status API Gateway answered, or 0. */
    public int status() {
        return status;
    }
}
