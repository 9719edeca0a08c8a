package dev.streamgate.localgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

/** Opens a WebSocket with the JDK client to read the HTTP status a refused handshake answers. */
final class Handshakes {

    private Handshakes() {
    }

    /** 101 when the upgrade succeeded (the socket is closed again), else the refusing status. */
    static int status(URI uri) {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(uri, new WebSocket.Listener() { }).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
