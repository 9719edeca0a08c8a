package dev.streamgate.localgateway.internal;

import dev.streamgate.localgateway.Integration;
import java.util.Objects;

/**
 * A configured route: its key, its integration and whether it has a route response (two-way).
 *
 * @param key the route key ({@code $connect}, {@code $default}, {@code sendmessage}, ...)
 * @param integration what the route invokes
 * @param twoWay whether a {@code body} returned by the integration is sent back to the client
 */
public record RouteConfig(String key, Integration integration, boolean twoWay) {

    /** Validates. */
    public RouteConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
    }
}
