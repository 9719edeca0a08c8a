package dev.streamgate.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A WebSocket client as a front end would be: the JDK's {@code java.net.http.WebSocket}, token in the query
 * string, every text frame parsed into an {@link Event} and queued.
 */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final EventQueue events = new EventQueue();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Consumer<Event> sink;
    private final WebSocket socket;

    private WsClient(URI uri, Duration timeout, Consumer<Event> sink) {
        this.sink = sink == null ? events::add : sink;
        try {
            this.socket = HTTP.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, new Recorder())
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WsConnectException(uri, -1, e);
        } catch (ExecutionException | CompletionException e) {
            int status = e.getCause() instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
            throw new WsConnectException(uri, status, e.getCause());
        } catch (TimeoutException e) {
            throw new WsConnectException(uri, -1, e);
        }
    }

    /**
     * Connects to {@code wsUrl} with {@code token} in the {@code token} query parameter.
     *
     * @throws WsConnectException with the HTTP status when the handshake is refused
     */
    public static WsClient connect(String wsUrl, String token) {
        String sep = wsUrl.contains("?") ? "&" : "?";
        return new WsClient(URI.create(wsUrl + sep + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                Duration.ofSeconds(10), null);
    }

    /**
     * Connects like {@link #connect(String, String)} but hands every event (closure included) to {@code sink} on the
     * receiving thread instead of queueing it: for benchmarks that must not hold events in memory.
     */
    public static WsClient connect(String wsUrl, String token, Consumer<Event> sink) {
        String sep = wsUrl.contains("?") ? "&" : "?";
        return new WsClient(URI.create(wsUrl + sep + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                Duration.ofSeconds(10), sink);
    }

    /** Connects to a URL as given (token already in it, or deliberately absent). */
    public static WsClient connectRaw(String url) {
        return new WsClient(URI.create(url), Duration.ofSeconds(10), null);
    }

    /** Sends one text frame and waits until it is written. */
    public synchronized WsClient send(String frame) {
        socket.sendText(frame, true).join();
        return this;
    }

    /** The events received on this connection (empty when a sink was given). */
    public EventQueue events() {
        return events;
    }

    /** Completes with the close status code when the server (or the network) closes the connection. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Drops the TCP connection without a close handshake, as a lost network would. */
    public void abort() {
        socket.abort();
        markClosed(1006, "aborted by the client");
    }

    /** Queues a {@link Event#CLOSED} event once, so readers see the closure in order with the frames before it. */
    private void markClosed(int code, String reason) {
        if (closed.complete(code)) {
            sink.accept(Event.closed(code, reason));
        }
    }

    /** Closes normally (1000). */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
        if (!closed.isDone()) {
            socket.abort();
            markClosed(1006, "aborted after a failed close");
        }
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String raw = partial.toString();
                partial.setLength(0);
                sink.accept(Event.parse(raw, System.nanoTime()));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            markClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            markClosed(1006, String.valueOf(error));
        }
    }
}
