package dev.streamgate.store;

/** A status change that is not forward (only running → completed, cancelled or failed is); nothing was changed. */
public final class StreamTransitionException extends StoreException {

    private final String streamId;
    private final StreamStatus current;
    private final StreamStatus requested;

    /** Creates the exception. */
    public StreamTransitionException(String streamId, StreamStatus current, StreamStatus requested) {
        super("stream " + streamId + " is " + current.wireName() + " and cannot become " + requested.wireName()
                + ": statuses only move forward from running, once", null);
        this.streamId = streamId;
        this.current = current;
        this.requested = requested;
    }

    /** The stream id. */
    public String streamId() {
        return streamId;
    }

    /** The status the stream already has. */
    public StreamStatus current() {
        return current;
    }

    /** The status that was asked for. */
    public StreamStatus requested() {
        return requested;
    }
}
