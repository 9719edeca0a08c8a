package dev.streamgate.store;

/** The stream belongs to another user; nothing was changed. */
public final class StreamOwnershipException extends StoreException {

    private final String streamId;

    /** Creates the exception; the message names neither user. */
    public StreamOwnershipException(String streamId) {
        super("stream " + streamId + " belongs to another user: a user can only touch their own streams", null);
        this.streamId = streamId;
    }

    /** The stream id. */
    public String streamId() {
        return streamId;
    }
}
