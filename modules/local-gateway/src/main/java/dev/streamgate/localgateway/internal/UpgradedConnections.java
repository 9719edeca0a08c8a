package dev.streamgate.localgateway.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Tyrus's Grizzly integration, rearranged so an upgraded connection forgets its HTTP request. Stock Tyrus sits
 * behind Grizzly's HTTP codec, which keeps the upgrade request (headers, parser state, buffers: about 11 KiB) for
 * the connection's whole life and runs every WebSocket read through the HTTP parser as "request content". Here
 * the upgrade still goes through the codec and Tyrus's own filter; once Tyrus has taken the connection, the
 * codec's per-connection state is dropped, and a filter in front of the codec hands raw reads straight to Tyrus.
 */
final class UpgradedConnections implements AddOn {

    // Tyrus's and Grizzly's own per-connection attributes, looked up by name (createAttribute returns the
    // existing attribute of that name): the Tyrus connection and its read-ordering task processor, set by
    // GrizzlyServerFilter on a successful upgrade; the HTTP request in process and keep-alive state of the codec
    private static final Attribute<org.glassfish.tyrus.spi.Connection> TYRUS_CONNECTION =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(GrizzlyServerFilter.class.getName() + ".Connection");
    private static final Attribute<TaskProcessor> TASK_PROCESSOR =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(TaskProcessor.class.getName() + ".TaskProcessor");
    private static final Attribute<Object> HTTP_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    private static final Attribute<Object> KEEP_ALIVE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("HttpServerFilter.KeepAliveContext");

    // the connection being upgraded on this thread, for GatewayEndpoint.onOpen (Tyrus opens the session inside
    // its handshake filter, on the thread that read the upgrade request)
    private static final ThreadLocal<Connection<?>> UPGRADING = new ThreadLocal<>();

    private final ServerContainer container;
    private final String contextPath;

    UpgradedConnections(ServerContainer container, String contextPath) {
        this.container = container;
        this.contextPath = contextPath;
    }

    /** The Grizzly connection whose upgrade this thread is completing, or {@code null}. */
    static Connection<?> upgrading() {
        return UPGRADING.get();
    }

    @Override
    public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the Grizzly filter chain");
        }
        // after the codec (as Tyrus's WebSocketAddOn puts it): the handshake; before the codec: upgraded reads
        builder.add(codec + 1, new HandshakeFilter(container, contextPath));
        builder.add(codec, new UpgradedReadFilter());
    }

    /** Tyrus's handshake filter, which afterwards drops the HTTP codec's state for an upgraded connection. */
    private static final class HandshakeFilter extends GrizzlyServerFilter {

        HandshakeFilter(ServerContainer container, String contextPath) {
            super(container, contextPath);
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            NextAction next;
            UPGRADING.set(connection);
            try {
                next = super.handleRead(ctx);
            } finally {
                UPGRADING.remove();
            }
            if (TYRUS_CONNECTION.isSet(connection)) {
                // not recycled: the 101 response may still be queued for writing and refers to the request
                HTTP_REQUEST.remove(connection);
                KEEP_ALIVE.remove(connection);
                SettledConnectionsIOStrategy.settle(connection);
            }
            return next;
        }
    }

    /** Reads of an upgraded connection go to Tyrus as they are, ordered by the connection's task processor. */
    private static final class UpgradedReadFilter extends BaseFilter {

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            org.glassfish.tyrus.spi.Connection tyrus = TYRUS_CONNECTION.get(connection);
            if (tyrus == null) {
                return ctx.getInvokeAction();
            }
            Buffer buffer = ctx.getMessage();
            if (!buffer.hasRemaining()) {
                return ctx.getStopAction();
            }
            ReadHandler reader = tyrus.getReadHandler();
            TaskProcessor tasks = TASK_PROCESSOR.get(connection);
            if (!buffer.isComposite()) {
                tasks.processTask(new Read(buffer.toByteBuffer(), reader));
            } else {
                ByteBufferArray array = buffer.toByteBufferArray();
                ByteBuffer[] parts = array.getArray();
                for (int i = 0; i < array.size(); i++) {
                    tasks.processTask(new Read(parts[i], reader));
                }
                array.recycle();
            }
            return ctx.getStopAction();
        }
    }

    private static final class Read extends TaskProcessor.Task {

        private final ByteBuffer data;
        private final ReadHandler reader;

        Read(ByteBuffer data, ReadHandler reader) {
            this.data = data;
            this.reader = reader;
        }

        @Override
        public void execute() {
            reader.handle(data);
        }
    }
}
