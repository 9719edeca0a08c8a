package dev.streamgate.e2e;

import java.net.URI;

/** The WebSocket handshake failed; {@link #status()} is the HTTP status the server answered, or -1. */
public final class WsConnectException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    /** A refused or failed handshake. */
    public WsConnectException(URI uri, int status, Throwable cause) {
        super("WebSocket connect to " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()
                + " failed" + (status > 0 ? " with HTTP " + status : "") + ": check the URL and the token", cause);
        this.status = status;
    }

    /** The HTTP status of the refused handshake, or -1 when there was none. */
    public int status() {
        return status;
    }
}
