package dev.streamgate.core;

/**
 * A resume asked for events that have already left the stream's bounded replay buffer; the client has to
 * start a new chat (or the operator raises {@code SG_REPLAY_MAX_BYTES} / {@code SG_REPLAY_MAX_EVENTS}).
 */
public final class ReplayUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a stream, the requested {@code lastSeq} and the oldest seq still kept. */
    public ReplayUnavailableException(String streamId, long lastSeq, long firstKept) {
        super("stream " + streamId + " no longer holds the events after seq " + lastSeq + " (oldest kept: " + firstKept
                + "); start a new chat, or raise SG_REPLAY_MAX_BYTES / SG_REPLAY_MAX_EVENTS");
    }
}
