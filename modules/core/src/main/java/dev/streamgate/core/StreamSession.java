package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.EventSplitter;
import dev.streamgate.protocol.ServerEvent;
import dev.streamgate.protocol.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat answer in flight: an id, a monotonic {@code seq} on content events, a bounded replay buffer and
 * at most one {@link EventSink} that can be swapped while the engine runs.
 *
 * <p>Engine text is gathered for the sink's coalescing window (or until the size bound) and becomes one
 * {@code chunk}. A stream without a sink keeps running for the grace period, then is cancelled. All state
 * changes happen under one lock, so replay-then-live on {@link #attach} sends every event exactly once.
 */
public final class StreamSession {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
    /** Splits gathered text so every serialized chunk fits one 32 KB frame, whatever the escaping. */
    private static final EventSplitter SPLITTER = EventSplitter.create();

    /** Stream lifecycle. */
    public enum State {
        /** Created, engine not started yet. */
        NEW,
        /** The engine is producing. */
        RUNNING,
        /** Finished: {@code done} or an error was produced; the buffer stays readable for late resumes. */
        ENDED
    }

    /** Bounds and timings of a session, taken from {@link CoreConfig}. */
    record Settings(long replayMaxBytes, int replayMaxEvents, Duration gracePeriod, Duration heartbeatInterval,
                    Duration detachedCoalesceWindow, int coalesceMaxBytes) {
        static Settings of(CoreConfig c) {
            return new Settings(c.replayMaxBytes(), c.replayMaxEvents(), c.gracePeriod(), c.heartbeatInterval(),
                    c.coalesceWindow(), c.coalesceMaxBytes());
        }
    }

    private final String id;
    private final String userId;
    private final String requestId;
    private final ChatRequest request;
    private final Settings settings;
    private final ScheduledExecutorService timers;
    private final Runnable onEnded;
    private String lastConnectionId;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private final ReplayBuffer replay;
    private long nextSeq;
    private final StringBuilder pending = new StringBuilder();
    private int pendingBytes;
    private ScheduledFuture<?> flushTask;
    /** The window elapsed while the sink was busy: gathered text goes out when the sink says it is idle. */
    private boolean waitingForIdle;
    private EventSink sink;
    private ScheduledFuture<?> graceTask;
    private ScheduledFuture<?> heartbeatTask;
    private long lastSentNanos = System.nanoTime();
    private EngineRun run;
    private State state = State.NEW;
    private OutboundEvent terminalError;
    private volatile DoneReason endReason;
    private volatile boolean failed;

    StreamSession(ChatRequest request, Settings settings, SegmentPool segments, ScheduledExecutorService timers,
                  Runnable onEnded) {
        this.id = request.streamId();
        this.userId = request.userId();
        this.requestId = request.requestId();
        this.request = request;
        this.settings = settings;
        this.replay = new ReplayBuffer(settings.replayMaxEvents(), settings.replayMaxBytes(), segments);
        this.timers = timers;
        this.onEnded = onEnded;
    }

    /** The stream id. */
    public String id() {
        return id;
    }

    /** The user who owns the stream. */
    public String userId() {
        return userId;
    }

    /** The client's idempotency key of the chat that created the stream. */
    public String requestId() {
        return requestId;
    }

    /** The current state. */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** The seq of the last content event produced so far, -1 before the first. */
    public long lastSeq() {
        lock.lock();
        try {
            return nextSeq - 1;
        } finally {
            lock.unlock();
        }
    }

    /** How an ended stream ended: its done reason, or {@code null} while running or when it failed. */
    public DoneReason endReason() {
        return endReason;
    }

    /** Whether the stream ended with an error (engine failure or undeliverable). */
    public boolean failed() {
        return failed;
    }

    /** Whether a sink is attached. */
    public boolean hasSink() {
        lock.lock();
        try {
            return sink != null;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the engine; called once, after the creator has sent {@code accepted}. */
    public void start(ChatEngine engine) {
        lock.lock();
        try {
            if (state != State.NEW) {
                return;
            }
            state = State.RUNNING;
            if (sink == null) {
                startGrace();
            }
        } finally {
            lock.unlock();
        }
        EngineRun started = engine.start(request, new Output());
        lock.lock();
        try {
            if (state == State.RUNNING) {
                run = started;
                started = null;
            }
        } finally {
            lock.unlock();
        }
        if (started != null) {
            started.cancel();
        }
    }

    /** Whether this WebSocket connection is the last one the stream was attached to (even if it has ended since). */
    boolean deliversTo(String connectionId) {
        lock.lock();
        try {
            return connectionId.equals(lastConnectionId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code newSink} the stream's sink: sends every buffered event after {@code lastSeq} exactly once,
     * then goes on live. A previous sink is closed. An ended stream replays and closes the sink.
     *
     * @param lastSeq last seq the client has, -1 for everything
     * @throws ReplayUnavailableException when events after {@code lastSeq} have already left the replay buffer
     */
    public void attach(EventSink newSink, long lastSeq) {
        EventSink previous;
        lock.lock();
        try {
            long firstKept = replay.firstSeq(nextSeq);
            if (lastSeq + 1 < firstKept) {
                throw new ReplayUnavailableException(id, lastSeq, firstKept);
            }
            previous = sink;
            sink = null;
            cancel(graceTask);
            if (newSink instanceof WebSocketSink ws) {
                lastConnectionId = ws.connectionId();
            }
            replay.replayAfter(lastSeq, newSink::deliver);
            if (state == State.ENDED) {
                if (terminalError != null) {
                    newSink.deliver(terminalError);
                }
                newSink.close();
            } else {
                sink = newSink;
                lastSentNanos = System.nanoTime();
                scheduleHeartbeat();
                newSink.whenClosed(closure -> sinkClosed(newSink, closure));
                newSink.whenIdle(() -> sinkIdle(newSink));
                if (waitingForIdle) {
                    flushPending();
                }
            }
        } finally {
            lock.unlock();
        }
        if (previous != null && previous != newSink) {
            previous.close();
        }
    }

    /**
     * Detaches {@code oldSink} if it is the current sink; the stream keeps running for the grace period.
     * The sink is not closed here: the caller owns what happens to it next.
     */
    public void detach(EventSink oldSink) {
        lock.lock();
        try {
            if (sink != oldSink || sink == null) {
                return;
            }
            sink = null;
            cancel(heartbeatTask);
            if (waitingForIdle) {
                // held back for the old sink: into the replay buffer now, for the resume
                flushPending();
            }
            if (state != State.ENDED) {
                startGrace();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends an SSE response that ran out of budget: flushes gathered text, sends {@code handoff} with the last
     * seq, closes the sink and keeps the stream running for the grace period, waiting for a resume.
     *
     * @return whether a handoff was sent (false when the stream had ended or the sink was no longer attached)
     */
    public boolean handoff(EventSink current) {
        lock.lock();
        try {
            if (sink != current || state == State.ENDED) {
                return false;
            }
            flushPending();
            if (sink != current) {
                return false;
            }
            current.deliver(Events.handoff(id, nextSeq - 1));
            detach(current);
        } finally {
            lock.unlock();
        }
        current.close();
        LOG.debug("stream handed off streamId={}", id);
        return true;
    }

    /** Stops the engine and ends the stream with {@code done} (reason {@code cancelled}); idempotent. */
    public void cancel() {
        finish(DoneReason.CANCELLED, null);
    }

    private void sinkClosed(EventSink closed, EventSink.Closure closure) {
        if (closure == EventSink.Closure.GONE) {
            LOG.debug("sink gone, detaching streamId={}", id);
            detach(closed);
            return;
        }
        boolean current;
        lock.lock();
        try {
            current = sink == closed;
            if (current) {
                sink = null;
            }
        } finally {
            lock.unlock();
        }
        if (current) {
            LOG.warn("sink failed for good, ending stream streamId={}", id);
            fail(Events.error(ErrorCode.UNAVAILABLE, "events could not be delivered to the connection; resume the stream", true, id,
                    requestId));
        }
    }

    private void startGrace() {
        cancel(graceTask);
        graceTask = timers.schedule(() -> {
            lock.lock();
            try {
                if (sink != null || state == State.ENDED) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            LOG.debug("grace period over without a sink, cancelling streamId={}", id);
            cancel();
        }, settings.gracePeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleHeartbeat() {
        cancel(heartbeatTask);
        long interval = settings.heartbeatInterval().toNanos();
        long delay = Math.max(interval - (System.nanoTime() - lastSentNanos), 1_000_000L);
        heartbeatTask = timers.schedule(this::heartbeatTick, delay, TimeUnit.NANOSECONDS);
    }

    private void heartbeatTick() {
        lock.lock();
        try {
            if (sink == null || state == State.ENDED) {
                return;
            }
            if (System.nanoTime() - lastSentNanos >= settings.heartbeatInterval().toNanos() - 1_000_000L) {
                sink.heartbeat(id);
                lastSentNanos = System.nanoTime();
            }
            if (sink != null) {
                scheduleHeartbeat();
            }
        } finally {
            lock.unlock();
        }
    }

    // --- engine output ---------------------------------------------------------------------------------

    private boolean onText(String text) {
        return onText(text, true) == EngineOutput.Offer.TAKEN;
    }

    /** Gathers engine text; when the sink is slow, waits for it ({@code block}) or refuses the text. */
    private EngineOutput.Offer onText(String text, boolean block) {
        lock.lock();
        try {
            if (!block && state == State.RUNNING && sink != null && sink.isSlow()) {
                return EngineOutput.Offer.SLOW;
            }
            while (state == State.RUNNING && sink != null && sink.isSlow()) {
                try {
                    writable.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return EngineOutput.Offer.ENDED;
                }
            }
            if (state != State.RUNNING) {
                return EngineOutput.Offer.ENDED;
            }
            pending.append(text);
            pendingBytes += Utf8.length(text);
            Duration window = sink == null ? settings.detachedCoalesceWindow() : sink.coalesceWindow();
            if (window.isZero() || pendingBytes >= settings.coalesceMaxBytes()) {
                flushPending();
            } else if (flushTask == null && !waitingForIdle) {
                flushTask = timers.schedule(this::flushFromTimer, window.toNanos(), TimeUnit.NANOSECONDS);
            }
            return EngineOutput.Offer.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    private void flushFromTimer() {
        lock.lock();
        try {
            flushTask = null;
            if (state != State.RUNNING) {
                return;
            }
            if (sink != null && sink.isBusy()) {
                // the previous message is still on its way: keep gathering, send all of it when the sink is idle
                waitingForIdle = true;
            } else {
                flushPending();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The sink's earlier events have left: send what was held back while it was busy. */
    private void sinkIdle(EventSink idle) {
        lock.lock();
        try {
            if (waitingForIdle && sink == idle && state == State.RUNNING) {
                flushPending();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Turns gathered text into chunk events (split so each fits one frame); caller holds the lock. */
    private void flushPending() {
        cancel(flushTask);
        flushTask = null;
        waitingForIdle = false;
        if (pending.isEmpty()) {
            return;
        }
        List<ServerEvent.Chunk> chunks = SPLITTER.split(id, () -> nextSeq++, pending.toString());
        pending.setLength(0);
        pendingBytes = 0;
        for (ServerEvent.Chunk chunk : chunks) {
            emit(Events.of(chunk));
        }
    }

    /** Buffers a content event and sends it to the sink; caller holds the lock. */
    private void emit(OutboundEvent event) {
        replay.add(event);
        EventSink target = sink;
        if (target != null) {
            target.deliver(event);
            lastSentNanos = System.nanoTime();
        }
    }

    private void finish(DoneReason reason, Usage usage) {
        EngineRun toCancel;
        EventSink toClose;
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            toCancel = reason == DoneReason.CANCELLED ? run : null;
            endReason = reason;
            state = State.ENDED;
            flushPending();
            emit(Events.done(id, nextSeq++, reason, usage));
            toClose = endLocked();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toClose != null) {
            toClose.close();
        }
        LOG.debug("stream ended streamId={} reason={}", id, reason);
        onEnded.run();
    }

    private void fail(OutboundEvent error) {
        EngineRun toCancel;
        EventSink toClose;
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            toCancel = run;
            failed = true;
            state = State.ENDED;
            flushPending();
            terminalError = error;
            if (sink != null) {
                sink.deliver(error);
            }
            toClose = endLocked();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toClose != null) {
            toClose.close();
        }
        onEnded.run();
    }

    private EventSink endLocked() {
        state = State.ENDED;
        run = null;
        cancel(graceTask);
        cancel(heartbeatTask);
        writable.signalAll();
        EventSink current = sink;
        sink = null;
        return current;
    }

    /**
     * Gives the replay buffer's memory back to the core's pool; the registry calls it when it drops an ended stream.
     * A resume that still reaches the stream afterwards finds nothing to replay and is refused as too late.
     */
    void release() {
        lock.lock();
        try {
            replay.release();
        } finally {
            lock.unlock();
        }
    }

    /** Events currently in the replay buffer (for tests and diagnostics). */
    List<OutboundEvent> buffered() {
        lock.lock();
        try {
            return replay.events();
        } finally {
            lock.unlock();
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private final class Output implements EngineOutput {
        @Override
        public boolean text(String text) {
            return !text.isEmpty() ? onText(text) : state() == State.RUNNING;
        }

        @Override
        public Offer offer(String text) {
            if (text.isEmpty()) {
                return state() == State.RUNNING ? Offer.TAKEN : Offer.ENDED;
            }
            return onText(text, false);
        }

        @Override
        public boolean consumerSlow() {
            lock.lock();
            try {
                return sink != null && sink.isSlow();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void done(DoneReason reason, Usage usage) {
            finish(reason, usage);
        }

        @Override
        public void failed(EngineException failure) {
            LOG.warn("engine failed streamId={} code={}", id, failure.code());
            fail(Events.error(failure.code(), failure.getMessage(), failure.retryable(), id, requestId));
        }
    }
}
