package dev.streamgate.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason a request can be refused or a stream can fail, with its wire name and whether a client may retry.
 *
 * <p>The wire name is lower snake case and is what appears in the {@code code} field of an {@code error} event.
 * {@link #retryable()} is the default for the {@code retryable} flag: true means the same request may succeed
 * later unchanged (after a backoff); false means the client must change something first.
 */
public enum ErrorCode {
    /** The frame is not syntactically valid JSON (or has trailing content after the JSON value). */
    INVALID_JSON("invalid_json", false),
    /** The frame is valid JSON but not a JSON object. */
    NOT_AN_OBJECT("not_an_object", false),
    /** The {@code action} (or {@code type}) value names nothing this protocol version knows. */
    UNKNOWN_ACTION("unknown_action", false),
    /** A required field is absent or {@code null}. */
    MISSING_FIELD("missing_field", false),
    /** A field has the wrong JSON type or an invalid value or format (for example an id with a space). */
    INVALID_FIELD("invalid_field", false),
    /** The chat {@code message} is empty or only whitespace. */
    EMPTY_MESSAGE("empty_message", false),
    /** The chat {@code message} is longer than the configured limit (UTF-8 bytes). */
    MESSAGE_TOO_LONG("message_too_long", false),
    /** A single WebSocket frame is over the 32 KB frame limit. */
    FRAME_TOO_LARGE("frame_too_large", false),
    /** A whole WebSocket message (or HTTP request body) is over the 128 KB payload limit. */
    PAYLOAD_TOO_LARGE("payload_too_large", false),
    /** An HTTP request has a content type other than {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", false),
    /** The caller presented no token, or a token that is malformed, expired or not for this service. */
    UNAUTHORIZED("unauthorized", false),
    /** The caller is authenticated but the stream belongs to another user. */
    FORBIDDEN("forbidden", false),
    /** No stream with that id exists (never existed, or finished and expired). */
    STREAM_NOT_FOUND("stream_not_found", false),
    /** {@code resume} asked for events older than the stream's replay buffer still holds. */
    REPLAY_UNAVAILABLE("replay_unavailable", false),
    /** Too many requests or streams for this user or connection; retry after a backoff. */
    RATE_LIMITED("rate_limited", true),
    /** The service cannot take the request right now (overloaded, shutting down, owner unreachable). */
    UNAVAILABLE("unavailable", true),
    /** The chat engine or its upstream failed while generating. */
    ENGINE_ERROR("engine_error", true),
    /** The chat engine or its upstream did not answer in time. */
    TIMEOUT("timeout", true),
    /** An unexpected server fault; the server logs the details. */
    INTERNAL_ERROR("internal_error", true);

    private static final Map<String, ErrorCode> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::wireName, Function.identity()));

    private final String wireName;
    private final boolean retryable;

    ErrorCode(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    /** The lower snake case name used on the wire, e.g. {@code invalid_json}. */
    public String wireName() {
        return wireName;
    }

    /** Whether a client may retry the same request unchanged after a backoff. */
    public boolean retryable() {
        return retryable;
    }

    /** Looks up a code by its wire name; empty for a name this version does not know. */
    public static Optional<ErrorCode> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
