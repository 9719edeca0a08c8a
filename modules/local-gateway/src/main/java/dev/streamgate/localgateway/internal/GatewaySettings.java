package dev.streamgate.localgateway.internal;

import dev.streamgate.localgateway.Authorizer;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.Limits;
import java.util.List;
import java.util.Map;

/**
 * Everything a running gateway needs, fixed at build time.
 *
 * @param host address to bind
 * @param port port to bind, 0 for an ephemeral one
 * @param stage stage name, the first path segment of both URLs
 * @param apiId API id reported in events
 * @param region region reported in ARNs
 * @param accountId account id reported in ARNs
 * @param domainName domain name reported in events, or {@code null} for the Host header the client sent
 * @param routeSelection parsed route selection expression
 * @param routes routes by key
 * @param authorizer the {@code $connect} authorizer, or {@code null}
 * @param limits quotas and timers
 * @param faults scripted faults
 * @param subprotocols subprotocols the gateway accepts itself when {@code $connect} chooses none
 * @param recording whether calls and invocations are recorded for {@code take...}
 * @param pushesKeepAlive whether {@code @connections} pushes count as activity for the idle timeout
 */
public record GatewaySettings(String host, int port, String stage, String apiId, String region, String accountId,
                              String domainName, RouteSelection routeSelection, Map<String, RouteConfig> routes,
                              Authorizer authorizer, Limits limits, Faults faults, List<String> subprotocols,
                              boolean recording, boolean pushesKeepAlive) {

    /** Copies collections. */
    public GatewaySettings {
        routes = Map.copyOf(routes);
        subprotocols = List.copyOf(subprotocols);
    }

    /** The ARN API Gateway puts in {@code methodArn} for {@code $connect}. */
    public String connectMethodArn() {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/$connect";
    }
}
