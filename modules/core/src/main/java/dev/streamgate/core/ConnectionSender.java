package dev.streamgate.core;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts one connection's events in order, on one virtual thread while there is work: per connection the
 * events leave in the order they were queued; different connections drain in parallel. While it has work it is
 * busy, and its streams gather text instead of queueing behind it ({@link EventSink#isBusy()}); when the queue
 * drains it tells them.
 *
 * <p>Errors: 410 marks the connection gone (its sinks detach their streams); 429, 5xx and I/O errors are
 * retried with exponential backoff and full jitter, holding the queue so nothing is reordered or lost; 403,
 * 413 and running out of attempts fail the connection for good (its streams end), logged once.
 */
final class ConnectionSender {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSender.class);
    private static final long BASE_BACKOFF_NANOS = 25_000_000L;
    private static final long MAX_BACKOFF_NANOS = 2_000_000_000L;
    static final int SLOW_QUEUE_LENGTH = 256;

    private final ApiGatewayManagementApiClient client;
    private final String connectionId;
    private final int maxAttempts;
    private final ArrayDeque<OutboundEvent> queue = new ArrayDeque<>();
    private final List<WebSocketSink> sinks = new CopyOnWriteArrayList<>();
    private boolean draining;
    private volatile EventSink.Closure dead;

    ConnectionSender(ApiGatewayManagementApiClient client, String connectionId, int maxAttempts) {
        this.client = client;
        this.connectionId = connectionId;
        this.maxAttempts = maxAttempts;
    }

    String connectionId() {
        return connectionId;
    }

    boolean isDead() {
        return dead != null;
    }

    void register(WebSocketSink sink) {
        sinks.add(sink);
        EventSink.Closure closure = dead;
        if (closure != null) {
            sink.transportClosed(closure);
        }
    }

    void unregister(WebSocketSink sink) {
        sinks.remove(sink);
    }

    /** Queues an event; returns false when the connection is already gone or failed. */
    boolean enqueue(OutboundEvent event) {
        synchronized (this) {
            if (dead != null) {
                return false;
            }
            queue.addLast(event);
            if (draining) {
                return true;
            }
            draining = true;
        }
        Thread.ofVirtual().name("post-" + connectionId).start(this::drain);
        return true;
    }

    synchronized boolean isSlow() {
        return queue.size() > SLOW_QUEUE_LENGTH;
    }

    /** Whether a post is in flight or queued. */
    synchronized boolean isBusy() {
        return draining;
    }

    void markGone() {
        die(EventSink.Closure.GONE);
    }

    void stop() {
        synchronized (this) {
            queue.clear();
            dead = EventSink.Closure.GONE;
        }
    }

    private void drain() {
        while (true) {
            OutboundEvent next;
            synchronized (this) {
                next = queue.peekFirst();
                if (next == null || dead != null) {
                    draining = false;
                    break;
                }
            }
            if (!post(next)) {
                return;
            }
            synchronized (this) {
                queue.pollFirst();
            }
        }
        if (dead == null) {
            // outside the lock: a sink's stream may hand over the text it held back, which queues a new post
            for (WebSocketSink sink : sinks) {
                sink.senderIdle();
            }
        }
    }

    /** Posts with retries; false when the connection died (the queue is then dropped). */
    private boolean post(OutboundEvent event) {
        for (int attempt = 1; ; attempt++) {
            int status;
            try {
                client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(event.utf8())));
                return true;
            } catch (GoneException e) {
                LOG.debug("connection gone connectionId={}", connectionId);
                die(EventSink.Closure.GONE);
                return false;
            } catch (ApiGatewayManagementApiException e) {
                status = e.statusCode();
                if (status == 410) {
                    die(EventSink.Closure.GONE);
                    return false;
                }
                if (status != 429 && status < 500) {
                    LOG.warn("@connections refused connectionId={} status={} errorType={}; ending its streams", connectionId,
                            status, e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode());
                    die(EventSink.Closure.FAILED);
                    return false;
                }
            } catch (SdkClientException e) {
                status = 0;
            }
            if (attempt >= maxAttempts) {
                LOG.warn("@connections post failed {} times connectionId={} lastStatus={}; ending its streams", attempt,
                        connectionId, status);
                die(EventSink.Closure.FAILED);
                return false;
            }
            long cap = Math.min(MAX_BACKOFF_NANOS, BASE_BACKOFF_NANOS << Math.min(attempt - 1, 16));
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
            if (dead != null) {
                return false;
            }
        }
    }

    private void die(EventSink.Closure closure) {
        synchronized (this) {
            if (dead != null) {
                return;
            }
            dead = closure;
            queue.clear();
            draining = false;
        }
        for (WebSocketSink sink : sinks) {
            sink.transportClosed(closure);
        }
    }
}
