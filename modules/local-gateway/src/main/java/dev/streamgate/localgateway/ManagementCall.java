package dev.streamgate.localgateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One recorded {@code @connections} call and how the gateway answered it.
 *
 * @param method {@code POST}, {@code GET} or {@code DELETE}
 * @param connectionId the decoded connection id from the path
 * @param body the request body (empty for GET and DELETE)
 * @param status the HTTP status answered
 * @param errorType the {@code x-amzn-ErrorType} answered, or {@code null} on success
 * @param receivedAt when the call arrived
 */
public record ManagementCall(String method, String connectionId, byte[] body, int status, String errorType,
                             Instant receivedAt) {

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the call succeeded (2xx). */
    public boolean succeeded() {
        return status / 100 == 2;
    }

    @Override
    public String toString() {
        return "ManagementCall[" + method + " " + connectionId + " -> " + status
                + (errorType == null ? "" : " " + errorType) + ", " + body.length + " bytes]";
    }
}
