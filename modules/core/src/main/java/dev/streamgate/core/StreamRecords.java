package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStatus;
import dev.streamgate.store.StreamStore;
import dev.streamgate.store.StreamTransitionException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the stream records that let {@code $default} route {@code cancel} and {@code resume} to the owner.
 * Best effort: a failed write is logged and the stream itself goes on. Without a store it does nothing.
 */
final class StreamRecords {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);

    private final StreamStore store;
    private final String ownerUrl;

    StreamRecords(StreamStore store, String ownerUrl) {
        this.store = store;
        this.ownerUrl = ownerUrl;
    }

    /** A stream started; SSE streams get the pseudo connection {@code sse:<streamId>} so a later resume finds the owner. */
    void started(StreamSession session, String connectionId) {
        write("create", session.id(), () -> store.create(StreamRecord.started(session.id(), session.userId(),
                connectionId == null ? "sse:" + session.id() : connectionId, ownerUrl, session.requestId(), Instant.now())));
    }

    void attached(StreamSession session, String connectionId) {
        write("attach", session.id(), () -> store.attach(session.id(), session.userId(), connectionId));
    }

    void ended(StreamSession session) {
        StreamStatus status = session.failed() ? StreamStatus.FAILED
                : session.endReason() == DoneReason.CANCELLED ? StreamStatus.CANCELLED : StreamStatus.COMPLETED;
        write("transition", session.id(), () -> {
            try {
                store.transition(session.id(), status);
            } catch (StreamTransitionException e) {
                // the SDK retries an UpdateItem whose answer timed out; if the first attempt had already
                // written this status, the retry's condition fails although the record is right
                if (e.current() != status) {
                    throw e;
                }
            }
        });
    }

    private void write(String what, String streamId, Runnable write) {
        if (store == null) {
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("stream record {} failed streamId={} error={}", what, streamId, e.getClass().getSimpleName());
        }
    }
}
