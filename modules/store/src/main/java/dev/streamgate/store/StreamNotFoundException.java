package dev.streamgate.store;

/** No stream record with this id exists (never created, or expired). */
public final class StreamNotFoundException extends StoreException {

    private final String streamId;

    /** Creates the exception. */
    public StreamNotFoundException(String streamId) {
        super("no stream " + streamId + ": it never existed or its record expired; start a new chat", null);
        this.streamId = streamId;
    }

    /** The stream id that was looked up. */
    public String streamId() {
        return streamId;
    }
}
