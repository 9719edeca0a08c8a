package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.streamgate.handlers.internal.Events;
import dev.streamgate.handlers.internal.HandlerRuntime;
import dev.streamgate.handlers.internal.WebSocketRoute;
import dev.streamgate.handlers.internal.Headers;
import dev.streamgate.store.ConnectionLimitExceededException;
import dev.streamgate.store.StoreConflictException;
import dev.streamgate.store.StoreUnavailableException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $connect} route: records the connection, within the per-user limit, and lets the client in.
 *
 * <p>Answers 200 (with {@code Sec-WebSocket-Protocol: streamgate.v1} when the client offered it, which is required when
 * the token came as a subprotocol), 403 without an authorizer user, 429 at the connection limit, and 500 when the record
 * cannot be written: a connection that is not recorded is never let in.
 */
public final class ConnectHandler implements WebSocketRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final HandlerRuntime runtime;

    /** Reads the configuration from the Lambda environment. */
    public ConnectHandler() {
        this(HandlerConfig.fromEnvironment(new HandlerConfig.Secret[0]));
    }

    /** Reads the configuration from this environment map (the local gateway passes one). */
    public ConnectHandler(Map<String, String> environment) {
        this(HandlerConfig.fromEnvironment(environment, new HandlerConfig.Secret[0]));
    }

    /** Uses this configuration. */
    public ConnectHandler(HandlerConfig config) {
        this.runtime = HandlerRuntime.create(config);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = event.getRequestContext().getConnectionId();
        String userId = Events.userId(event);
        if (userId == null) {
            LOG.warn("connect without authorizer user refused connectionId={}: is the authorizer attached to $connect?", connectionId);
            return Events.status(403);
        }
        try {
            runtime.connections().connect(connectionId, userId, runtime.config().maxConnectionsPerUser());
        } catch (ConnectionLimitExceededException e) {
            LOG.debug("connection limit reached connectionId={} userId={}", connectionId, userId);
            return Events.status(429);
        } catch (StoreUnavailableException | StoreConflictException e) {
            LOG.warn("connect refused, record not written connectionId={} error={}", connectionId, e.getClass().getSimpleName());
            return Events.status(500);
        } catch (RuntimeException e) {
            LOG.error("connect refused on unexpected failure connectionId={}", connectionId, e);
            return Events.status(500);
        }
        if (Subprotocols.offersStreamgate(Headers.joined(event.getHeaders(), event.getMultiValueHeaders(), Subprotocols.HEADER))) {
            return Events.status(200, Map.of(Subprotocols.HEADER, Subprotocols.STREAMGATE_V1));
        }
        return Events.status(200);
    }
}
