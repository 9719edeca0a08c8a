package dev.streamgate.localgateway.internal;

import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.CompletionHandler;

/**
 * One client connection: what API Gateway remembers about it after {@code $connect}. Kept small on purpose,
 * since a gateway holds tens of thousands of them. It is also the completion handler of the frames
 * {@code @connections} writes straight to its socket (one object less per push).
 */
public final class Connection implements CompletionHandler<Object> {

    private final String id;
    private final long connectedAt;
    private final String sourceIp;
    private final String userAgent;
    private final String domainName;
    private final Map<String, Object> authorizer;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger pushed = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;
    // the socket under the session, where pushed frames are written directly (null: through Tyrus)
    private volatile org.glassfish.grizzly.Connection<?> transport;
    private volatile long lastActiveAt;
    // only used while an inbound message arrives in several frames
    private StringBuilder fragments;
    private long fragmentBytes;

    Connection(String id, long connectedAt, String sourceIp, String userAgent, String domainName,
               Map<String, Object> authorizer) {
        this.id = id;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.domainName = domainName;
        this.authorizer = authorizer;
        this.lastActiveAt = connectedAt;
    }

    /** The connection id. */
    public String id() {
        return id;
    }

    long connectedAt() {
        return connectedAt;
    }

    String sourceIp() {
        return sourceIp;
    }

    String userAgent() {
        return userAgent;
    }

    String domainName() {
        return domainName;
    }

    Map<String, Object> authorizer() {
        return authorizer;
    }

    Session session() {
        return session;
    }

    void bind(Session value, org.glassfish.grizzly.Connection<?> socket) {
        this.session = value;
        this.transport = socket;
    }

    org.glassfish.grizzly.Connection<?> transport() {
        return transport;
    }

    long lastActiveAt() {
        return lastActiveAt;
    }

    void touch(long now) {
        this.lastActiveAt = now;
    }

    AtomicInteger pending() {
        return pending;
    }

    int countPush() {
        return pushed.incrementAndGet();
    }

    /** True exactly once: the first caller owns the close. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    // a frame written to the socket (or not): one message less waiting for this client

    @Override
    public void cancelled() {
        pending.decrementAndGet();
    }

    @Override
    public void failed(Throwable throwable) {
        pending.decrementAndGet();
    }

    @Override
    public void completed(Object result) {
        pending.decrementAndGet();
    }

    @Override
    public void updated(Object result) {
        // partly written: still waiting
    }

    StringBuilder fragments() {
        if (fragments == null) {
            fragments = new StringBuilder();
        }
        return fragments;
    }

    long addFragmentBytes(long bytes) {
        fragmentBytes += bytes;
        return fragmentBytes;
    }

    String takeFragments(String last) {
        String whole = fragments == null ? last : fragments.append(last).toString();
        fragments = null;
        fragmentBytes = 0;
        return whole;
    }
}
