package dev.streamgate.core;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ICloseType;
import org.glassfish.grizzly.http.io.NIOOutputStream;
import org.glassfish.grizzly.http.io.OutputBuffer;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink writing SSE events to a suspended Grizzly response, flushing each one. A failed write and a closed
 * connection both end in the one idempotent close path, which reports {@link Closure#GONE}.
 */
final class SseSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(SseSink.class);
    private static final byte[] HEARTBEAT = SseWriter.comment("heartbeat");

    private final Response response;
    private final NIOOutputStream out;
    private final OutputBuffer output;
    private final MemoryManager<?> memory;
    private final Connection<?> connection;
    private final Duration coalesceWindow;
    private final CloseListener<Closeable, ICloseType> peerClosed = (closeable, type) -> closed(true);
    private Consumer<Closure> listener;
    private boolean closed;
    private boolean listenerCalled;

    SseSink(Response response, Connection<?> connection, Duration coalesceWindow) {
        this.response = response;
        this.out = response.getNIOOutputStream();
        this.output = response.getOutputBuffer();
        this.memory = connection.getMemoryManager();
        this.connection = connection;
        this.coalesceWindow = coalesceWindow;
        connection.addCloseListener(peerClosed);
    }

    @Override
    public synchronized boolean deliver(OutboundEvent event) {
        return write(SseWriter.event(event.type(), event.hasSeq() ? Long.toString(event.seq()) : null, event.utf8()));
    }

    @Override
    public synchronized void heartbeat(String streamId) {
        write(HEARTBEAT);
    }

    private boolean write(byte[] bytes) {
        if (closed) {
            return false;
        }
        try {
            // hand the event's own bytes to Grizzly: out.write(bytes) would copy them into a fresh 8 KiB buffer
            // per event (OutputBuffer allocates one after every flush), which profiling showed as the top cost
            Buffer wrapped = Buffers.wrap(memory, bytes);
            wrapped.allowBufferDispose(false);
            output.writeBuffer(wrapped);
            output.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("SSE write failed, client gone: {}", e.toString());
            closed(true);
            return false;
        }
    }

    @Override
    public synchronized boolean isSlow() {
        return !closed && !out.canWrite();
    }

    @Override
    public Duration coalesceWindow() {
        return coalesceWindow;
    }

    @Override
    public void whenClosed(Consumer<Closure> newListener) {
        boolean runNow;
        synchronized (this) {
            listener = newListener;
            runNow = closed && !listenerCalled;
            listenerCalled |= runNow;
        }
        if (runNow) {
            newListener.accept(Closure.GONE);
        }
    }

    @Override
    public void close() {
        closed(false);
    }

    /** The one close path: finishes the response once; tells the stream only when the client went away. */
    private void closed(boolean byPeer) {
        Consumer<Closure> toCall = null;
        synchronized (this) {
            if (!closed) {
                closed = true;
                connection.removeCloseListener(peerClosed);
                try {
                    if (response.isSuspended()) {
                        response.resume();
                    }
                } catch (RuntimeException e) {
                    LOG.debug("resume after close failed: {}", e.toString());
                }
            }
            if (byPeer && listener != null && !listenerCalled) {
                listenerCalled = true;
                toCall = listener;
            }
        }
        if (toCall != null) {
            toCall.accept(Closure.GONE);
        }
    }
}
