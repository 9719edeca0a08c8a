package dev.streamgate.core;

import java.time.Duration;
import java.util.function.Consumer;

/** A stream's view of a connection: events go to the connection's ordered {@link ConnectionSender}. */
final class WebSocketSink implements EventSink {

    private final ConnectionSender sender;
    private final Duration coalesceWindow;
    private Consumer<Closure> listener;
    private volatile Runnable idleAction;
    private Closure closure;
    private boolean closed;

    WebSocketSink(ConnectionSender sender, Duration coalesceWindow) {
        this.sender = sender;
        this.coalesceWindow = coalesceWindow;
        sender.register(this);
    }

    /** The connection this sink posts to. */
    String connectionId() {
        return sender.connectionId();
    }

    @Override
    public boolean deliver(OutboundEvent event) {
        synchronized (this) {
            if (closed || closure != null) {
                return false;
            }
        }
        return sender.enqueue(event);
    }

    @Override
    public void heartbeat(String streamId) {
        deliver(Events.heartbeat(streamId));
    }

    @Override
    public boolean isSlow() {
        return sender.isSlow();
    }

    @Override
    public Duration coalesceWindow() {
        return coalesceWindow;
    }

    @Override
    public boolean isBusy() {
        return sender.isBusy();
    }

    @Override
    public void whenIdle(Runnable action) {
        idleAction = action;
    }

    /** Called by the sender when its queue has drained: a stream that held text back sends it now. */
    void senderIdle() {
        Runnable action = idleAction;
        if (action != null) {
            action.run();
        }
    }

    @Override
    public void whenClosed(Consumer<Closure> newListener) {
        Closure already;
        synchronized (this) {
            listener = newListener;
            already = closure;
        }
        if (already != null) {
            newListener.accept(already);
        }
    }

    /** Called by the sender when the connection is gone or failed for good. */
    void transportClosed(Closure why) {
        Consumer<Closure> toCall;
        synchronized (this) {
            if (closure != null || closed) {
                return;
            }
            closure = why;
            toCall = listener;
        }
        sender.unregister(this);
        if (toCall != null) {
            toCall.accept(why);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        sender.unregister(this);
    }
}
