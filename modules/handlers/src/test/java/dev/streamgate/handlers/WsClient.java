package dev.streamgate.handlers;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;

/** A Tyrus WebSocket client for tests: text messages land in a queue read with a deadline. */
final class WsClient implements AutoCloseable {

    private static final ClientManager CLIENT = ClientManager.createClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private volatile String subprotocol;
    private final Session session;

    private WsClient(URI uri, List<String> subprotocols) throws IOException, DeploymentException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void afterResponse(HandshakeResponse response) {
                        response.getHeaders().forEach((name, values) -> {
                            if (name.equalsIgnoreCase("Sec-WebSocket-Protocol") && !values.isEmpty()) {
                                subprotocol = values.get(0);
                            }
                        });
                    }
                })
                .build();
        this.session = CLIENT.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) messages::add);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                // the tests look at messages only
            }
        }, config, uri);
    }

    /** Connects; throws {@link DeploymentException} when the handshake is refused. */
    static WsClient connect(URI uri, String... subprotocols) throws IOException, DeploymentException {
        return new WsClient(uri, List.of(subprotocols));
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /** The subprotocol the server chose: from the handshake response header, else as the session negotiated it. */
    String subprotocol() {
        String negotiated = session.getNegotiatedSubprotocol();
        return subprotocol != null ? subprotocol : negotiated == null || negotiated.isEmpty() ? null : negotiated;
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** The next text message, or an AssertionError after {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return message;
    }


    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
