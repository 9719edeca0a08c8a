package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStatus;
import dev.streamgate.store.StreamStore;
import dev.streamgate.store.StreamTransitionException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the stream records that let {@code $default} route {@code cancel} and {@code resume} to the owner.
 * Best effort: a failed write is logged and the stream itself goes on. Without a store it does nothing.
 *
 * <p>Writes leave the request path: they run on virtual threads, one stream's writes strictly in the order they
 * were asked for (create, then attaches, then the final status), different streams' in parallel. So
 * {@code accepted} does not wait for DynamoDB; a {@code cancel} or {@code resume} that overtakes the create
 * finds no record for a moment, which the {@code $default} handler bridges by reading again briefly.
 */
final class StreamRecords implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);
    /** Writes in flight at once, across streams: enough to hide DynamoDB latency, not a flood on a burst. */
    private static final int MAX_CONCURRENT_WRITES = 64;

    private final StreamStore store;
    private final String ownerUrl;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("stream-record-", 0).factory());
    private final Semaphore permits = new Semaphore(MAX_CONCURRENT_WRITES);
    /** Per stream, the last write asked for; removed once it is done and nothing was queued after it. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

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
        CompletableFuture<Void> queued = tails.compute(streamId, (id, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .thenRunAsync(() -> run(what, id, write), executor));
        queued.whenComplete((ok, error) -> tails.remove(streamId, queued));
    }

    private void run(String what, String streamId, Runnable write) {
        permits.acquireUninterruptibly();
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("stream record {} failed streamId={} error={}", what, streamId, e.getClass().getSimpleName());
        } finally {
            permits.release();
        }
    }

    /** Waits a little for queued writes (a final status should reach the table), then stops. */
    @Override
    public void close() {
        CompletableFuture<?>[] pending = tails.values().toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stream record writes still pending at shutdown count={}", tails.size());
        }
        executor.shutdownNow();
    }
}
