package dev.streamgate.localgateway.internal;

import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: what API Gateway remembers about it after {@code $connect}. Kept small on purpose,
 * since a gateway holds tens of thousands of them.
 */
public final class Connection {

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

    void bind(Session value) {
        this.session = value;
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
