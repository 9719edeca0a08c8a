package dev.streamgate.localgateway.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programmatic Tyrus endpoint at {@code /STAGE}: one shared, stateless instance; per-connection state lives in
 * the {@link Connection} the handshake put into the session's user properties.
 */
public final class GatewayEndpoint extends Endpoint {

    static final String CONNECTION_KEY = "dev.streamgate.localgateway.connection";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEndpoint.class);

    private final GatewayRuntime runtime;

    GatewayEndpoint(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Connection connection = (Connection) session.getUserProperties().remove(CONNECTION_KEY);
        if (connection == null) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "no connection state"));
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
            return;
        }
        session.getUserProperties().put(CONNECTION_KEY, connection);
        // API Gateway's idle timeout is emulated by the runtime's sweeper, not by Tyrus. Negative, not 0: with 0, Tyrus
        // still schedules (and cancels) a zero-delay idle-timeout task on its timer thread for every frame sent or
        // received; with a negative value it schedules nothing
        session.setMaxIdleTimeout(-1);
        session.addMessageHandler(String.class,
                (MessageHandler.Partial<String>) (part, last) -> runtime.onText(connection, part, last));
        session.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Partial<ByteBuffer>) (part, last) -> runtime.onBinary(connection, part, last));
        // pushes go straight to the socket unless an extension (none is offered today) would change the frames
        runtime.opened(connection, session,
                session.getNegotiatedExtensions().isEmpty() ? UpgradedConnections.upgrading() : null);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Connection connection = (Connection) session.getUserProperties().get(CONNECTION_KEY);
        if (connection != null) {
            runtime.closed(connection, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("websocket error sessionId={} error={}", session.getId(), error.toString());
    }
}
