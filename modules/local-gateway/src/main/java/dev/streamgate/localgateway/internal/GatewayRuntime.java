package dev.streamgate.localgateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.Integration;
import dev.streamgate.localgateway.Invocation;
import dev.streamgate.localgateway.Limits;
import dev.streamgate.localgateway.ManagementCall;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated API Gateway behind both listeners: connections, routing, integrations, limits, timers and faults.
 * Transport code (Tyrus endpoint, Grizzly handler) only translates into calls on this class.
 */
public final class GatewayRuntime implements AutoCloseable {

    /** Close code and reason API Gateway uses when it ends a connection itself (idle, 2 h, dropped). */
    static final int GOING_AWAY = 1001;
    static final String GOING_AWAY_REASON = "Going away";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GatewaySettings settings;
    private final EventFactory events;
    private final FunctionInvoker invoker;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final BlockingQueue<ManagementCall> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<Invocation> invocations = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService scheduler;
    private final Random faultRandom;

    /** A runtime for these settings; {@link #start()} begins its timers. */
    public GatewayRuntime(GatewaySettings settings) {
        this.settings = settings;
        this.events = new EventFactory(settings);
        this.invoker = new FunctionInvoker(settings.region(), settings.accountId());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-gateway-timers");
            t.setDaemon(true);
            return t;
        });
        this.faultRandom = new Random(settings.faults().seed());
    }

    /** Creates handler instances and starts the idle / duration / drop sweeper. */
    public void start() {
        settings.routes().values().forEach(r -> invoker.warm(r.integration()));
        if (settings.authorizer() != null) {
            invoker.warm(settings.authorizer().integration());
        }
        long period = sweepPeriodMillis();
        scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private long sweepPeriodMillis() {
        long shortest = Math.min(settings.limits().idleTimeout().toMillis(),
                settings.limits().maxConnectionDuration().toMillis());
        if (!settings.faults().dropAfter().isZero()) {
            shortest = Math.min(shortest, settings.faults().dropAfter().toMillis());
        }
        return Math.max(5, Math.min(1000, shortest / 10));
    }

    /** The settings. */
    public GatewaySettings settings() {
        return settings;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    // ---------------------------------------------------------------- handshake: authorizer and $connect

    /** Runs the authorizer and {@code $connect} for an upgrade request; blocks until both answered. */
    public HandshakeOutcome handshake(HandshakeData handshake, java.util.List<String> offeredSubprotocols) {
        long now = System.currentTimeMillis();
        String connectionId = Ids.next();
        String domainName = settings.domainName() != null ? settings.domainName()
                : java.util.Objects.requireNonNullElse(handshake.header("Host"), settings.host());
        Map<String, Object> authorizerContext = null;
        if (settings.authorizer() != null) {
            for (String source : settings.authorizer().identitySources()) {
                if (identityValue(handshake, source) == null) {
                    LOG.debug("connect refused: identity source missing connectionId={} source={}", connectionId, source);
                    return HandshakeOutcome.refuse(401);
                }
            }
            String requestId = Ids.next();
            String event = events.authorizerEvent(connectionId, now, domainName, handshake, requestId, now);
            long started = System.nanoTime();
            String result;
            try {
                result = invokeAndWait(Invocation.Kind.AUTHORIZER, "$connect", connectionId, requestId, event,
                        settings.authorizer().integration());
            } catch (TimeoutException | FunctionInvoker.FunctionFailure e) {
                LOG.debug("connect refused: authorizer failed connectionId={} error={}", connectionId, e.toString());
                return HandshakeOutcome.refuse(500);
            }
            authorizerContext = evaluatePolicy(result, (System.nanoTime() - started) / 1_000_000);
            if (authorizerContext == null) {
                LOG.debug("connect refused: authorizer denied connectionId={}", connectionId);
                return HandshakeOutcome.refuse(403);
            }
        }
        String subprotocol = null;
        RouteConfig connect = settings.routes().get("$connect");
        if (connect != null) {
            String requestId = Ids.next();
            String event = events.connectEvent(connectionId, now, domainName, handshake, authorizerContext, requestId,
                    System.currentTimeMillis());
            String result;
            try {
                result = invokeAndWait(Invocation.Kind.ROUTE, "$connect", connectionId, requestId, event,
                        connect.integration());
            } catch (TimeoutException e) {
                return HandshakeOutcome.refuse(504);
            } catch (FunctionInvoker.FunctionFailure e) {
                LOG.debug("connect refused: $connect failed connectionId={} error={}", connectionId, e.getMessage());
                return HandshakeOutcome.refuse(500);
            }
            JsonNode response = parse(result);
            int status = response.path("statusCode").asInt(200);
            if (status / 100 != 2) {
                return HandshakeOutcome.refuse(status);
            }
            JsonNode headers = response.path("headers");
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (header.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                    subprotocol = header.getValue().asText();
                }
            }
        }
        if (subprotocol == null && !settings.subprotocols().isEmpty()) {
            subprotocol = offeredSubprotocols.stream().filter(settings.subprotocols()::contains).findFirst().orElse(null);
        }
        Connection connection = new Connection(connectionId, now, handshake.sourceIp(), handshake.userAgent(),
                domainName, authorizerContext);
        return HandshakeOutcome.accept(connection, subprotocol);
    }

    private static String identityValue(HandshakeData handshake, String source) {
        String value = source.startsWith("route.request.querystring.")
                ? handshake.queryParameter(source.substring("route.request.querystring.".length()))
                : handshake.header(source.substring("route.request.header.".length()));
        return value == null || value.isEmpty() ? null : value;
    }

    /** The authorizer context when the policy allows {@code $connect}, else {@code null}. */
    private Map<String, Object> evaluatePolicy(String result, long latencyMillis) {
        JsonNode response = parse(result);
        JsonNode statements = response.path("policyDocument").path("Statement");
        if (statements.isObject()) {
            statements = MAPPER.createArrayNode().add(statements);
        }
        String arn = settings.connectMethodArn();
        boolean allowed = false;
        for (JsonNode statement : statements) {
            if (!matchesAny(statement.path("Action"), "execute-api:Invoke")
                    || !matchesAny(statement.path("Resource"), arn)) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if (effect.equalsIgnoreCase("Deny")) {
                return null;
            }
            allowed |= effect.equalsIgnoreCase("Allow");
        }
        if (!allowed) {
            return null;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        JsonNode given = response.path("context");
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            context.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
        }
        if (response.hasNonNull("principalId")) {
            context.put("principalId", response.get("principalId").asText());
        }
        context.put("integrationLatency", latencyMillis);
        return context;
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        if (patterns.isTextual()) {
            return glob(patterns.asText(), value);
        }
        for (JsonNode p : patterns) {
            if (glob(p.asText(), value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    private String invokeAndWait(Invocation.Kind kind, String routeKey, String connectionId, String requestId,
                                 String event, Integration integration) throws TimeoutException {
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<String> future = invoker.invoke(integration, event, requestId);
        future.whenComplete((result, error) ->
                record(kind, routeKey, connectionId, requestId, event, result, error, timedOut.get()));
        try {
            return future.get(settings.limits().integrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut.set(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionInvoker.FunctionFailure("interrupted while waiting for " + integration.name(), e);
        }
    }

    private static FunctionInvoker.FunctionFailure failure(Throwable cause) {
        return cause instanceof FunctionInvoker.FunctionFailure f ? f
                : new FunctionInvoker.FunctionFailure(String.valueOf(cause), cause);
    }

    // ---------------------------------------------------------------- connection lifecycle

    /**
     * The upgrade completed: the connection is open and reachable through {@code @connections}.
     *
     * @param socket the Grizzly connection under the session, where pushes are written as whole frames; {@code null}
     *     to send them through Tyrus
     */
    public void opened(Connection connection, Session session, org.glassfish.grizzly.Connection<?> socket) {
        connection.bind(session, socket);
        connections.put(connection.id(), connection);
        LOG.debug("connected connectionId={}", connection.id());
    }

    /** One inbound text frame (or the whole message when it came in one frame). */
    public void onText(Connection connection, String part, boolean last) {
        connection.touch(System.currentTimeMillis());
        if (!withinLimits(connection, Utf8.length(part))) {
            return;
        }
        if (!last) {
            connection.fragments().append(part);
            return;
        }
        dispatch(connection, connection.takeFragments(part), false);
    }

    /** One inbound binary frame. */
    public void onBinary(Connection connection, ByteBuffer part, boolean last) {
        connection.touch(System.currentTimeMillis());
        if (!withinLimits(connection, part.remaining())) {
            return;
        }
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        // binary fragments are rare: keep them Base64-encoded in the text buffer, decode once complete
        if (!last) {
            connection.fragments().append(Base64.getEncoder().encodeToString(bytes)).append('\n');
            return;
        }
        String pending = connection.takeFragments("");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (String chunk : pending.split("\n")) {
            if (!chunk.isEmpty()) {
                whole.writeBytes(Base64.getDecoder().decode(chunk));
            }
        }
        whole.writeBytes(bytes);
        dispatch(connection, Base64.getEncoder().encodeToString(whole.toByteArray()), true);
    }

    private boolean withinLimits(Connection connection, long frameBytes) {
        Limits limits = settings.limits();
        if (frameBytes > limits.frameBytes() || connection.addFragmentBytes(frameBytes) > limits.messageBytes()) {
            LOG.debug("inbound frame or message too big connectionId={} frameBytes={}", connection.id(), frameBytes);
            connection.takeFragments("");
            close(connection, CloseReason.CloseCodes.TOO_BIG.getCode(), "Message too big");
            return false;
        }
        return true;
    }

    private void dispatch(Connection connection, String body, boolean base64) {
        String routeKey = base64 ? "$default" : settings.routeSelection().select(body, settings.routes().keySet());
        RouteConfig route = settings.routes().get(routeKey);
        String requestId = Ids.next();
        if (route == null) {
            // AWS's answer when nothing matches and there is no $default route (reported by users of AWS's own
            // sample, aws-samples/simple-websockets-chat-app issue 24: {"message": "Forbidden", ...})
            sendJson(connection, "Forbidden", requestId);
            return;
        }
        String event = events.messageEvent(connection, routeKey, body, base64, requestId, Ids.next(),
                System.currentTimeMillis());
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<String> future = invoker.invoke(route.integration(), event, requestId);
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                sendJson(connection, "Endpoint request timed out", requestId);
            }
        }, settings.limits().integrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((result, error) -> {
            boolean timedOut = !answered.compareAndSet(false, true);
            timer.cancel(false);
            record(Invocation.Kind.ROUTE, routeKey, connection.id(), requestId, event, result, error, timedOut);
            if (timedOut) {
                return;
            }
            if (error != null) {
                LOG.debug("integration failed routeKey={} connectionId={} error={}", routeKey, connection.id(),
                        error.toString());
                sendJson(connection, "Internal server error", requestId);
                return;
            }
            if (route.twoWay()) {
                String reply = responseBody(result);
                if (reply != null) {
                    sendToClient(connection, reply);
                }
            }
        });
    }

    /** The {@code body} of a proxy-style result, the text of a JSON string result, else the JSON itself. */
    private static String responseBody(String result) {
        JsonNode node = parse(result);
        if (node.isObject() && node.has("body")) {
            JsonNode body = node.get("body");
            return body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        return node.isNull() || node.isMissingNode() ? null : result;
    }

    private void sendJson(Connection connection, String message, String requestId) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("message", message);
        json.put("connectionId", connection.id());
        json.put("requestId", requestId);
        sendToClient(connection, json.toString());
    }

    private void sendToClient(Connection connection, String text) {
        Session session = connection.session();
        if (session == null || connection.isClosed()) {
            return;
        }
        try {
            session.getAsyncRemote().sendText(text, result -> { });
        } catch (IllegalStateException e) {
            LOG.debug("send on a closing session connectionId={}", connection.id());
        }
    }

    /** The WebSocket closed, from either side: forget the connection and fire {@code $disconnect} once. */
    public void closed(Connection connection, int code, String reason) {
        connections.remove(connection.id(), connection);
        if (!connection.markClosed()) {
            return;
        }
        LOG.debug("disconnected connectionId={} code={}", connection.id(), code);
        RouteConfig disconnect = settings.routes().get("$disconnect");
        if (disconnect == null) {
            return;
        }
        String requestId = Ids.next();
        String event = events.disconnectEvent(connection, code, reason, requestId, System.currentTimeMillis());
        invoker.invoke(disconnect.integration(), event, requestId).whenComplete((result, error) ->
                record(Invocation.Kind.ROUTE, "$disconnect", connection.id(), requestId, event, result, error, false));
    }

    /** Closes a connection from the gateway's side. */
    void close(Connection connection, int code, String reason) {
        connections.remove(connection.id(), connection);
        Session session = connection.session();
        if (session == null) {
            closed(connection, code, reason);
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("close failed connectionId={} error={}", connection.id(), e.toString());
        }
        // Tyrus calls onClose, which fires $disconnect; this covers sessions that were already half-closed
        closed(connection, code, reason);
    }

    private void sweep() {
        try {
            long now = System.currentTimeMillis();
            Limits limits = settings.limits();
            long idle = limits.idleTimeout().toMillis();
            long maxAge = limits.maxConnectionDuration().toMillis();
            long dropAfter = settings.faults().dropAfter().toMillis();
            for (Connection c : connections.values()) {
                long age = now - c.connectedAt();
                if (age >= maxAge || now - c.lastActiveAt() >= idle || dropAfter > 0 && age >= dropAfter) {
                    close(c, GOING_AWAY, GOING_AWAY_REASON);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("connection sweep failed", e);
        }
    }

    // ---------------------------------------------------------------- @connections

    /** An open connection by id, or {@code null}. */
    public Connection connection(String id) {
        return connections.get(id);
    }

    /** Open connection ids. */
    public Collection<String> connectionIds() {
        return java.util.List.copyOf(connections.keySet());
    }

    /** Sends a POSTed body to the client: text when it is valid UTF-8, binary otherwise. */
    public PushResult push(String connectionId, byte[] body) {
        Connection connection = connections.get(connectionId);
        Session session = connection == null ? null : connection.session();
        if (session == null || connection.isClosed()) {
            return PushResult.GONE;
        }
        if (connection.pending().incrementAndGet() > settings.limits().maxPendingMessages()) {
            connection.pending().decrementAndGet();
            return PushResult.THROTTLED;
        }
        org.glassfish.grizzly.Connection<?> socket = connection.transport();
        try {
            if (socket != null) {
                // the frame Tyrus would send (text when the body is UTF-8, one frame whatever its size), written to the
                // socket's write queue by this thread: no String round trip, no hop through Tyrus's writer task queue
                if (!session.isOpen()) {
                    throw new IllegalStateException("session closed");
                }
                DirectWrites.write(socket, DirectWrites.serverFrame(body, Utf8.isValid(body)), connection);
            } else {
                String text = Utf8.decodeOrNull(body);
                if (text != null) {
                    session.getAsyncRemote().sendText(text, result -> connection.pending().decrementAndGet());
                } else {
                    session.getAsyncRemote().sendBinary(ByteBuffer.wrap(body),
                            result -> connection.pending().decrementAndGet());
                }
            }
        } catch (IllegalStateException e) {
            connection.pending().decrementAndGet();
            return PushResult.GONE;
        }
        if (settings.pushesKeepAlive()) {
            connection.touch(System.currentTimeMillis());
        }
        Faults faults = settings.faults();
        if (faults.dropAfterMessages() > 0 && connection.countPush() >= faults.dropAfterMessages()) {
            close(connection, GOING_AWAY, GOING_AWAY_REASON);
        }
        return PushResult.SENT;
    }

    /** Closes a connection because of {@code DELETE @connections/{id}}; false when there is none. */
    public boolean delete(String connectionId) {
        Connection connection = connections.get(connectionId);
        if (connection == null) {
            return false;
        }
        close(connection, CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), "");
        return true;
    }

    /** Which scripted fault, if any, this management call gets. */
    public ManagementFault rollFault() {
        Faults faults = settings.faults();
        if (faults.throttleFraction() == 0 && faults.errorFraction() == 0) {
            return ManagementFault.NONE;
        }
        double r;
        synchronized (faultRandom) {
            r = faultRandom.nextDouble();
        }
        if (r < faults.throttleFraction()) {
            return ManagementFault.THROTTLE;
        }
        return r < faults.throttleFraction() + faults.errorFraction() ? ManagementFault.ERROR : ManagementFault.NONE;
    }

    /** Delay before answering management calls. */
    public Duration managementLatency() {
        return settings.faults().managementLatency();
    }

    /** Schedules work on the timer thread. */
    public void schedule(Runnable task, Duration delay) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- recording

    /** Records a management call when recording is on. */
    public void record(ManagementCall call) {
        if (settings.recording()) {
            calls.add(call);
        }
    }

    private void record(Invocation.Kind kind, String routeKey, String connectionId, String requestId, String event,
                        String result, Throwable error, boolean timedOut) {
        if (settings.recording()) {
            String message = error == null ? null : failure(error instanceof java.util.concurrent.CompletionException
                    && error.getCause() != null ? error.getCause() : error).getMessage();
            invocations.add(new Invocation(kind, routeKey, connectionId, requestId, event,
                    error == null ? result : null, message, timedOut));
        }
    }

    /** Recorded management calls. */
    public BlockingQueue<ManagementCall> calls() {
        return calls;
    }

    /** Recorded invocations. */
    public BlockingQueue<Invocation> invocations() {
        return invocations;
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node == null ? MAPPER.missingNode() : node;
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            close(c, GOING_AWAY, GOING_AWAY_REASON);
        }
        scheduler.shutdownNow();
        invoker.close();
    }

    /** A scripted fault for one management call. */
    public enum ManagementFault {
        /** Answer normally. */
        NONE,
        /** Answer 429 LimitExceededException. */
        THROTTLE,
        /** Answer 500 InternalServerErrorException. */
        ERROR
    }
}
