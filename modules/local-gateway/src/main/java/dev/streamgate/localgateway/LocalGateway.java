package dev.streamgate.localgateway;

import dev.streamgate.localgateway.internal.GatewayRuntime;
import dev.streamgate.localgateway.internal.GatewayServer;
import dev.streamgate.localgateway.internal.GatewaySettings;
import dev.streamgate.localgateway.internal.RouteConfig;
import dev.streamgate.localgateway.internal.RouteSelection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local emulator of an API Gateway WebSocket API and its {@code @connections} management API, shaped like
 * OkHttp's MockWebServer: build one per test, {@link #start()} it on an ephemeral port, point a WebSocket client at
 * {@link #webSocketUrl()} and an {@code ApiGatewayManagementApiClient} at {@link #managementEndpoint()}, then take
 * recorded calls and invocations with a deadline.
 *
 * <pre>{@code
 * try (LocalGateway gateway = LocalGateway.builder()
 *         .route("$default", Integration.handler(EchoHandler.class))
 *         .build().start()) {
 *     // connect to gateway.webSocketUrl(), post to gateway.managementEndpoint() ...
 *     Invocation message = gateway.takeInvocation(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class LocalGateway implements AutoCloseable {

    private final GatewaySettings settings;
    private final GatewayRuntime runtime;
    private final GatewayServer server;
    private volatile boolean started;

    private LocalGateway(GatewaySettings settings) {
        this.settings = settings;
        this.runtime = new GatewayRuntime(settings);
        this.server = new GatewayServer(runtime);
    }

    /** A builder with AWS's defaults: stage {@code local}, ephemeral port on 127.0.0.1, AWS limits, no routes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; returns {@code this} for chaining. */
    public LocalGateway start() {
        server.start();
        started = true;
        return this;
    }

    /** The bound port. */
    public int port() {
        requireStarted();
        return server.port();
    }

    /** The stage name. */
    public String stage() {
        return settings.stage();
    }

    /** {@code ws://HOST:PORT/STAGE}, where clients connect. */
    public URI webSocketUrl() {
        return URI.create("ws://" + settings.host() + ":" + port() + "/" + settings.stage());
    }

    /**
     * {@code http://HOST:PORT/STAGE}, the {@code @connections} endpoint; use it as the SDK's
     * {@code endpointOverride} or the CLI's {@code --endpoint-url}.
     */
    public URI managementEndpoint() {
        return URI.create("http://" + settings.host() + ":" + port() + "/" + settings.stage());
    }

    /** Ids of the connections open right now. */
    public Collection<String> connectionIds() {
        return runtime.connectionIds();
    }

    /**
     * Waits until exactly {@code count} connections are open and returns their ids. A client's handshake completes
     * a moment before the gateway registers the connection, so tests wait here rather than read
     * {@link #connectionIds()} right after connecting.
     *
     * @throws AssertionError when the count is not reached in time
     */
    public List<String> awaitConnections(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Collection<String> ids = runtime.connectionIds();
            if (ids.size() == count) {
                return List.copyOf(ids);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " open connections within " + timeout + ", have "
                        + ids.size());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /** Waits for exactly one open connection and returns its id (see {@link #awaitConnections(int, Duration)}). */
    public String awaitConnection(Duration timeout) {
        return awaitConnections(1, timeout).get(0);
    }

    /**
     * The next recorded {@code @connections} call, waiting up to {@code timeout}.
     *
     * @throws AssertionError when none arrives in time (so a test fails with a clear message)
     */
    public ManagementCall takeManagementCall(Duration timeout) {
        return take(runtime.calls(), timeout, "management call");
    }

    /**
     * The next recorded integration call (authorizer or route), waiting up to {@code timeout}.
     *
     * @throws AssertionError when none arrives in time
     */
    public Invocation takeInvocation(Duration timeout) {
        return take(runtime.invocations(), timeout, "invocation");
    }

    /** The next recorded route invocation for {@code routeKey}, skipping others, waiting up to {@code timeout}. */
    public Invocation takeInvocation(String routeKey, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Invocation next = take(runtime.invocations(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                    "invocation of " + routeKey);
            if (next.kind() == Invocation.Kind.ROUTE && next.routeKey().equals(routeKey)) {
                return next;
            }
        }
    }

    /** Recorded management calls not taken yet (a snapshot). */
    public List<ManagementCall> pendingManagementCalls() {
        return List.copyOf(runtime.calls());
    }

    /** Recorded invocations not taken yet (a snapshot). */
    public List<Invocation> pendingInvocations() {
        return List.copyOf(runtime.invocations());
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T next = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " recorded within " + timeout
                        + " (is recording on, and did the client reach the gateway?)");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a " + what, e);
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the gateway is not started; call start() first");
        }
    }

    /** Closes every connection (1001, firing {@code $disconnect}), then stops listening. */
    @Override
    public void close() {
        server.close();
    }

    /** Builds a {@link LocalGateway}; every setting has a default that works locally. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String stage = "local";
        private String apiId = "localapi01";
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private String domainName;
        private String routeSelectionExpression = "$request.body.action";
        private final Map<String, RouteConfig> routes = new LinkedHashMap<>();
        private Authorizer authorizer;
        private Limits limits = Limits.aws();
        private Faults faults = Faults.none();
        private final List<String> subprotocols = new ArrayList<>();
        private boolean recording = true;
        private boolean pushesKeepAlive = true;

        private Builder() {
        }

        /** Address to bind (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Port to bind (default 0: an ephemeral port). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Stage name, the first path segment of both URLs (default {@code local}). */
        public Builder stage(String value) {
            if (value == null || value.isEmpty() || value.contains("/")) {
                throw new IllegalArgumentException("stage must be one non-empty path segment, was '" + value + "'");
            }
            this.stage = value;
            return this;
        }

        /** API id reported in events and ARNs. */
        public Builder apiId(String value) {
            this.apiId = Objects.requireNonNull(value, "apiId");
            return this;
        }

        /** Region reported in ARNs. */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /** Account id reported in ARNs. */
        public Builder accountId(String value) {
            this.accountId = Objects.requireNonNull(value, "accountId");
            return this;
        }

        /** {@code requestContext.domainName} in events (default: the Host header the client sent). */
        public Builder domainName(String value) {
            this.domainName = value;
            return this;
        }

        /** Route selection expression (default {@code $request.body.action}). */
        public Builder routeSelectionExpression(String value) {
            RouteSelection.parse(value);
            this.routeSelectionExpression = value;
            return this;
        }

        /**
         * A route whose integration result is not sent back to the client (no route response), as most WebSocket
         * APIs are configured; the integration talks back through {@code @connections}.
         */
        public Builder route(String routeKey, Integration integration) {
            routes.put(routeKey, new RouteConfig(routeKey, integration, false));
            return this;
        }

        /** A two-way route: a {@code body} in the integration's result is sent back to the client. */
        public Builder twoWayRoute(String routeKey, Integration integration) {
            routes.put(routeKey, new RouteConfig(routeKey, integration, true));
            return this;
        }

        /** A REQUEST authorizer on {@code $connect}. */
        public Builder authorizer(Authorizer value) {
            this.authorizer = value;
            return this;
        }

        /** Quotas and timers (default {@link Limits#aws()}). */
        public Builder limits(Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Scripted faults (default none). */
        public Builder faults(Faults value) {
            this.faults = Objects.requireNonNull(value, "faults");
            return this;
        }

        /**
         * Subprotocols the gateway accepts by itself when the {@code $connect} response names none (API Gateway only
         * ever echoes what {@code $connect} returns; this is a convenience for APIs without a {@code $connect}).
         */
        public Builder subprotocols(String... values) {
            subprotocols.addAll(List.of(values));
            return this;
        }

        /** Whether calls and invocations are recorded for the {@code take...} methods (default on). */
        public Builder recording(boolean value) {
            this.recording = value;
            return this;
        }

        /** Whether {@code @connections} pushes reset the idle timer (default on; AWS's behaviour is unconfirmed). */
        public Builder pushesKeepAlive(boolean value) {
            this.pushesKeepAlive = value;
            return this;
        }

        /** The gateway, not started. */
        public LocalGateway build() {
            return new LocalGateway(new GatewaySettings(host, port, stage, apiId, region, accountId, domainName,
                    RouteSelection.parse(routeSelectionExpression), routes, authorizer, limits, faults, subprotocols,
                    recording, pushesKeepAlive));
        }
    }
}
