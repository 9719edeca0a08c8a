package dev.streamgate.localgateway.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.strategies.AbstractIOStrategy;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;

/**
 * Grizzly's worker-thread strategy for a connection until it has settled, the selector thread afterwards. A new
 * connection's request may be a WebSocket upgrade, which runs the authorizer and {@code $connect} and blocks for up
 * to the integration timeout, so it must not hold a selector thread. Once a connection is an upgraded WebSocket
 * (its frames are dispatched to integrations asynchronously) or has been answered by the {@code @connections} API
 * (which never blocks), its reads are handled where they arrive: one thread hop less per POST and per frame.
 */
final class SettledConnectionsIOStrategy extends AbstractIOStrategy {

    // the value says who reads the connection's management requests: FAST (FastManagementFilter) or HTTP_SERVER
    // (Grizzly's HTTP server, once it answered one: it may still owe an answer, so it answers the rest, in order)
    private static final Attribute<Object> SETTLED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(SettledConnectionsIOStrategy.class.getName() + ".settled");
    private static final Object FAST = "fast";
    private static final Object HTTP_SERVER = "http-server";

    /** Marks a connection whose further reads never block: an upgraded WebSocket or a management API client. */
    static void settle(Connection<?> connection) {
        if (connection != null && !SETTLED.isSet(connection)) {
            SETTLED.set(connection, FAST);
        }
    }

    /** Settles a connection whose management requests Grizzly's HTTP server answers from now on. */
    static void settleForHttpServer(Connection<?> connection) {
        if (connection != null && SETTLED.get(connection) != HTTP_SERVER) {
            SETTLED.set(connection, HTTP_SERVER);
        }
    }

    /** Whether Grizzly's HTTP server has answered a request on this connection. */
    static boolean ownedByHttpServer(Connection<?> connection) {
        return SETTLED.get(connection) == HTTP_SERVER;
    }

    @Override
    public boolean executeIoEvent(Connection connection, IOEvent ioEvent, boolean isIoEventEnabled)
            throws IOException {
        if (SETTLED.isSet(connection)) {
            return SameThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled);
        }
        return WorkerThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled);
    }

    @Override
    public Executor getThreadPoolFor(Connection connection, IOEvent ioEvent) {
        return SETTLED.isSet(connection) ? null : super.getThreadPoolFor(connection, ioEvent);
    }
}
