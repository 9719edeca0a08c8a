package dev.streamgate.localgateway.internal;

/**
 * The result of running the authorizer and {@code $connect} during the upgrade: a connection to open, or the HTTP
 * status that refuses it.
 *
 * @param connection the accepted connection, or {@code null} when refused
 * @param status 101 when accepted, else the refusing HTTP status
 * @param subprotocol the subprotocol to echo, or {@code null}
 */
public record HandshakeOutcome(Connection connection, int status, String subprotocol) {

    static HandshakeOutcome accept(Connection connection, String subprotocol) {
        return new HandshakeOutcome(connection, 101, subprotocol);
    }

    static HandshakeOutcome refuse(int status) {
        return new HandshakeOutcome(null, status, null);
    }

    /** Whether the upgrade goes ahead. */
    public boolean accepted() {
        return connection != null;
    }
}
