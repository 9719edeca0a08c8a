package dev.streamgate.store;

/** A stream record with this id exists already; the new one was not written. */
public final class StreamAlreadyExistsException extends StoreException {

    /** Creates the exception. */
    public StreamAlreadyExistsException(String streamId) {
        super("stream " + streamId + " exists already: stream ids must be unique (generate a new one)", null);
    }
}
