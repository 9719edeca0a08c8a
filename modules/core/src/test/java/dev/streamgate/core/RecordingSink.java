package dev.streamgate.core;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A sink that records what it is given, for stream tests without a network. */
final class RecordingSink implements EventSink {

    final BlockingQueue<OutboundEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
    volatile boolean slow;
    volatile boolean busy;
    private volatile Runnable idleAction;
    volatile boolean closed;
    private final Duration window;
    private volatile Consumer<Closure> listener;

    RecordingSink(Duration window) {
        this.window = window;
    }

    @Override
    public boolean deliver(OutboundEvent event) {
        if (closed) {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public void heartbeat(String streamId) {
        heartbeats.add(streamId);
    }

    @Override
    public boolean isSlow() {
        return slow;
    }

    @Override
    public Duration coalesceWindow() {
        return window;
    }

    @Override
    public boolean isBusy() {
        return busy;
    }

    @Override
    public void whenIdle(Runnable action) {
        idleAction = action;
    }

    /** Simulates the transport's earlier posts having left. */
    void idle() {
        busy = false;
        idleAction.run();
    }

    @Override
    public void whenClosed(Consumer<Closure> l) {
        listener = l;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Simulates the transport going away. */
    void drop(Closure closure) {
        closed = true;
        listener.accept(closure);
    }

    /** The next event if one arrives within {@code millis}, else {@code null}. */
    OutboundEvent poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    OutboundEvent next() throws InterruptedException {
        OutboundEvent e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 5 s");
        }
        return e;
    }
}
