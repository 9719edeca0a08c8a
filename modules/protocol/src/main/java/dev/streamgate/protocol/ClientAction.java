package dev.streamgate.protocol;

import java.util.Objects;

/**
 * A frame a client sends: {@code chat}, {@code cancel}, {@code resume} or {@code ping} (the JSON {@code action} field).
 *
 * <p>Optional fields are null when absent. {@link ProtocolCodec#parse(String)} validates formats and limits before
 * it builds one of these; the constructors only reject nulls in required fields.
 */
public sealed interface ClientAction {

    /** The wire name of this action, the value of the JSON {@code action} field. */
    String action();

    /**
     * Starts a chat answer stream.
     *
     * @param requestId client-chosen idempotency key; repeating a chat with the same id returns the same stream
     * @param message the user's message text
     * @param conversationId optional conversation the message belongs to, or null
     * @param options optional engine knobs, or null (see {@link ChatOptions})
     */
    record Chat(String requestId, String message, String conversationId, ChatOptions options) implements ClientAction {
        /** Wire name {@code chat}. */
        public static final String ACTION = "chat";

        /** Rejects null required fields. */
        public Chat {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(message, "message");
        }

        /** Creates a chat with only the required fields. */
        public Chat(String requestId, String message) {
            this(requestId, message, null, null);
        }

        @Override
        public String action() {
            return ACTION;
        }

        /** Hides the message text so logs that print an action never leak it. */
        @Override
        public String toString() {
            return "Chat[requestId=" + requestId + ", messageChars=" + message.length()
                    + ", conversationId=" + conversationId + ", options=" + (options == null ? "none" : options.values().keySet())
                    + "]";
        }
    }

    /**
     * Stops a running stream; the server answers with {@code done} (reason {@code cancelled}).
     *
     * @param streamId the stream to cancel
     */
    record Cancel(String streamId) implements ClientAction {
        /** Wire name {@code cancel}. */
        public static final String ACTION = "cancel";

        /** Rejects a null stream id. */
        public Cancel {
            Objects.requireNonNull(streamId, "streamId");
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /**
     * Attaches this connection to a running stream and replays every event after {@code lastSeq}.
     *
     * @param streamId the stream to resume
     * @param lastSeq the last {@code seq} the client has seen; {@link #FROM_START} (-1) replays from the beginning
     */
    record Resume(String streamId, long lastSeq) implements ClientAction {
        /** Wire name {@code resume}. */
        public static final String ACTION = "resume";
        /** The {@code lastSeq} value meaning "nothing seen yet, replay from the start". */
        public static final long FROM_START = -1;

        /** Rejects a null stream id and a {@code lastSeq} below -1. */
        public Resume {
            Objects.requireNonNull(streamId, "streamId");
            if (lastSeq < FROM_START) {
                throw new IllegalArgumentException("lastSeq must be >= -1, was " + lastSeq);
            }
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** Application-level keep-alive (browsers cannot send ping frames); the server answers {@code pong}. */
    record Ping() implements ClientAction {
        /** Wire name {@code ping}. */
        public static final String ACTION = "ping";

        @Override
        public String action() {
            return ACTION;
        }
    }
}
