package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.streamgate.handlers.internal.CoreCallException;
import dev.streamgate.handlers.internal.Events;
import dev.streamgate.handlers.internal.HandlerRuntime;
import dev.streamgate.handlers.internal.WebSocketRoute;
import dev.streamgate.store.StoreException;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStatus;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $disconnect} route: deletes the connection record and tells the owners of the connection's running streams,
 * best-effort.
 *
 * <p>AWS does not guarantee {@code $disconnect}, so nothing depends on it: records expire by TTL and the core treats a
 * 410 from {@code @connections} as the authoritative "gone". Every failure here is logged and the route answers 200.
 */
public final class DisconnectHandler implements WebSocketRoute {

    private static final Logger LOG = LoggerFactory.getLogger(DisconnectHandler.class);

    private final HandlerRuntime runtime;

    /** Reads the configuration from the Lambda environment. */
    public DisconnectHandler() {
        this(HandlerConfig.fromEnvironment(HandlerConfig.Secret.INTERNAL));
    }

    /** Reads the configuration from this environment map (the local gateway passes one). */
    public DisconnectHandler(Map<String, String> environment) {
        this(HandlerConfig.fromEnvironment(environment, HandlerConfig.Secret.INTERNAL));
    }

    /** Uses this configuration. */
    public DisconnectHandler(HandlerConfig config) {
        this.runtime = HandlerRuntime.create(config);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = event.getRequestContext().getConnectionId();
        try {
            runtime.connections().disconnect(connectionId);
        } catch (StoreException e) {
            LOG.warn("connection record not deleted, TTL will connectionId={} error={}", connectionId, e.getClass().getSimpleName());
        }
        Set<String> owners = new LinkedHashSet<>();
        try {
            for (StreamRecord stream : runtime.streams().streamsOf(connectionId)) {
                if (stream.status() == StreamStatus.RUNNING) {
                    owners.add(stream.ownerUrl());
                }
            }
        } catch (StoreException e) {
            LOG.warn("streams of connection not read, owners learn from 410 connectionId={} error={}", connectionId,
                    e.getClass().getSimpleName());
        }
        for (String owner : owners) {
            try {
                runtime.core().connectionGone(URI.create(owner), connectionId);
            } catch (CoreCallException | IllegalArgumentException e) {
                LOG.warn("owner not told of gone connection connectionId={} owner={} error={}", connectionId, owner,
                        e.getClass().getSimpleName());
            }
        }
        return Events.status(200);
    }
}
