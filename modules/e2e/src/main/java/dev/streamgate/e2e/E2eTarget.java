package dev.streamgate.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the suite points: URLs, tokens for two users, what the target can do, and its test levers.
 *
 * @param name for messages ("local", "remote ...")
 * @param wsUrl the WebSocket URL without a token, e.g. {@code ws://127.0.0.1:8090/local}
 * @param sseUrls the SSE endpoint of each core ({@code .../api/chat/stream}); one entry for a remote target
 * @param token a token for user one
 * @param otherToken a token for user two, or {@code null}
 * @param managementEndpoint the {@code @connections} endpoint, or {@code null}
 * @param heartbeatInterval the core's heartbeat interval (the dead-stream timeout is a multiple of it)
 * @param capabilities what the target can do
 * @param control the levers behind the capabilities
 */
public record E2eTarget(String name, String wsUrl, List<String> sseUrls, String token, String otherToken,
        String managementEndpoint, Duration heartbeatInterval, Set<Capability> capabilities, TargetControl control)
        implements AutoCloseable {

    /** Validates the required fields. */
    public E2eTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wsUrl, "wsUrl");
        sseUrls = List.copyOf(sseUrls);
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        capabilities = Set.copyOf(capabilities);
        Objects.requireNonNull(control, "control");
    }

    /** The SSE URL of the first (or only) core. */
    public String sseUrl() {
        if (sseUrls.isEmpty()) {
            throw new IllegalStateException("target " + name + " has no SSE URL: set SG_E2E_SSE_URL");
        }
        return sseUrls.get(0);
    }

    /** The management endpoint, when the target exposes one. */
    public Optional<String> management() {
        return Optional.ofNullable(managementEndpoint);
    }

    /** True when the target can do {@code capability}. */
    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    /** A new WebSocket connection as user one. */
    public WsClient connect() {
        return WsClient.connect(wsUrl, token);
    }

    /** A new WebSocket connection as user two. */
    public WsClient connectAsOtherUser() {
        if (otherToken == null) {
            throw new IllegalStateException("target " + name + " has no second user: set SG_E2E_TOKEN_2");
        }
        return WsClient.connect(wsUrl, otherToken);
    }

    /** How long without any event (heartbeat or chunk) means the stream is dead: 3 heartbeat intervals. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(3);
    }

    @Override
    public void close() {
        control.close();
    }
}
