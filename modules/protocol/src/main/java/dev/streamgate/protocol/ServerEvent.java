package dev.streamgate.protocol;

import java.util.Objects;

/**
 * An event the server sends: {@code accepted}, {@code chunk}, {@code heartbeat}, {@code handoff}, {@code done},
 * {@code error} or {@code pong} (the JSON {@code type} field).
 *
 * <p>The same JSON objects travel as WebSocket text frames and as SSE {@code data:} lines. Optional fields are null
 * when absent and are then omitted from the JSON. Sequence numbers ({@code seq}) start at 0 for the first content
 * event of a stream and grow by one per {@code chunk} and for the final {@code done}.
 */
public sealed interface ServerEvent {

    /** The wire name of this event, the value of the JSON {@code type} field. */
    String type();

    /** The stream this event belongs to, or null for events that belong to none ({@code pong}, some errors). */
    String streamId();

    /**
     * Acknowledges a {@code chat}: the stream exists and its id is known. First event, sent within milliseconds.
     *
     * @param requestId the chat's request id
     * @param streamId the new (or, for a repeated request id, existing) stream
     */
    record Accepted(String requestId, String streamId) implements ServerEvent {
        /** Wire name {@code accepted}. */
        public static final String TYPE = "accepted";

        /** Rejects nulls. */
        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(streamId, "streamId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A piece of the answer text. Built by {@link EventSplitter} so that its JSON always fits one 32 KB frame.
     *
     * @param streamId the stream
     * @param seq this event's sequence number (0, 1, 2, ...)
     * @param text the text; concatenating every chunk's text in seq order gives the answer
     */
    record Chunk(String streamId, long seq, String text) implements ServerEvent {
        /** Wire name {@code chunk}. */
        public static final String TYPE = "chunk";

        /** Rejects nulls and negative sequence numbers. */
        public Chunk {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(text, "text");
            requireSeq(seq);
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** Hides the text so logs that print an event never leak it. */
        @Override
        public String toString() {
            return "Chunk[streamId=" + streamId + ", seq=" + seq + ", textChars=" + text.length() + "]";
        }
    }

    /**
     * Sent while the engine is silent, so the client (and intermediaries) know the stream is alive.
     *
     * @param streamId the stream
     */
    record Heartbeat(String streamId) implements ServerEvent {
        /** Wire name {@code heartbeat}. */
        public static final String TYPE = "heartbeat";

        /** Rejects a null stream id. */
        public Heartbeat {
            Objects.requireNonNull(streamId, "streamId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * SSE only: the short-request budget ran out; the stream keeps running, continue it with {@code resume}.
     *
     * @param streamId the stream
     * @param lastSeq the last seq written to this response (-1 if none), to pass as {@code resume.lastSeq}
     */
    record Handoff(String streamId, long lastSeq) implements ServerEvent {
        /** Wire name {@code handoff}. */
        public static final String TYPE = "handoff";

        /** Rejects a null stream id and a lastSeq below -1. */
        public Handoff {
            Objects.requireNonNull(streamId, "streamId");
            if (lastSeq < -1) {
                throw new IllegalArgumentException("lastSeq must be >= -1, was " + lastSeq);
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The last event of a stream.
     *
     * @param streamId the stream
     * @param seq this event's sequence number (one after the last chunk)
     * @param reason why the stream ended
     * @param usage token counts if the engine reported them, else null
     */
    record Done(String streamId, long seq, DoneReason reason, Usage usage) implements ServerEvent {
        /** Wire name {@code done}. */
        public static final String TYPE = "done";

        /** Rejects nulls in required fields and negative sequence numbers. */
        public Done {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(reason, "reason");
            requireSeq(seq);
        }

        /** Creates a done event without usage. */
        public Done(String streamId, long seq, DoneReason reason) {
            this(streamId, seq, reason, null);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A refusal or failure, always saying why.
     *
     * @param code what went wrong
     * @param message a human-readable explanation for the client developer (never contains chat text)
     * @param retryable whether the same request may succeed later unchanged
     * @param streamId the stream concerned, or null
     * @param requestId the chat request concerned, or null
     */
    record Error(ErrorCode code, String message, boolean retryable, String streamId, String requestId)
            implements ServerEvent {
        /** Wire name {@code error}. */
        public static final String TYPE = "error";

        /** Rejects nulls in required fields. */
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** Creates an error with the code's default retryability and no ids. */
        public Error(ErrorCode code, String message) {
            this(code, message, code.retryable(), null, null);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The answer to a client {@code ping}. */
    record Pong() implements ServerEvent {
        /** Wire name {@code pong}. */
        public static final String TYPE = "pong";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String streamId() {
            return null;
        }
    }

    private static void requireSeq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
    }
}
