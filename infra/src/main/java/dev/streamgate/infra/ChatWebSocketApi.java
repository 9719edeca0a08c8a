package dev.streamgate.infra;

import java.util.List;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The WebSocket API and its stage; routes are added by {@link Handlers} once the Lambdas exist.
 *
 * <p>Only {@code $connect}, {@code $default} and {@code $disconnect} are routed: every client action
 * ({@code chat}, {@code cancel}, {@code resume}, {@code ping}) and every malformed frame must reach the
 * same handler, which answers each with a protocol event, so per-action routes would only add integrations.
 */
final class ChatWebSocketApi extends Construct {
    /** Route selection on the protocol's {@code action} field. */
    static final String ROUTE_SELECTION = "$request.body.action";

    /** Fields of one access log line; no query string (it carries the token), no message bodies. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\","
            + "\"eventType\":\"$context.eventType\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"requestTime\":\"$context.requestTime\",\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationStatus\":\"$context.integrationStatus\",\"error\":\"$context.error.message\","
            + "\"authorizerError\":\"$context.authorizer.error\",\"sourceIp\":\"$context.identity.sourceIp\"}";

    final WebSocketApi api;
    final WebSocketStage stage;
    final LogGroup accessLogs;
    private final String stageName;

    ChatWebSocketApi(Construct scope, String id, StreamgateConfig config, Logs logs) {
        super(scope, id);
        stageName = config.stage();
        api = WebSocketApi.Builder.create(this, "Api")
                .apiName(software.amazon.awscdk.Stack.of(this).getStackName() + "-ws")
                .description("streamgate chat streams: $connect (JWT authorizer), $default, $disconnect")
                .routeSelectionExpression(ROUTE_SELECTION)
                .build();
        accessLogs = logs.group(this, "AccessLogs");
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(config.stage())
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(config.throttleRate()).burstLimit(config.throttleBurst()).build())
                .build();
        // Escape hatch: access logs and execution-log settings on the L1 stage, so the exact format is ours.
        CfnStage cfn = (CfnStage) stage.getNode().getDefaultChild();
        cfn.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format(ACCESS_LOG_FORMAT)
                .build());
        // Execution logs stay off: with data tracing they would record message bodies and tokens.
        cfn.addPropertyOverride("DefaultRouteSettings.DataTraceEnabled", false);
        cfn.addPropertyOverride("DefaultRouteSettings.LoggingLevel", "OFF");
        cfn.addPropertyOverride("DefaultRouteSettings.DetailedMetricsEnabled", true);
    }

    /** {@code wss://{api}.execute-api.{region}.amazonaws.com/{stage}}. */
    String url() {
        return stage.getUrl();
    }

    /**
     * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}, the @connections base. Built from
     * the API id and the literal stage name, not the stage resource: the Lambdas read it, and the stage
     * depends on the routes that depend on the Lambdas.
     */
    String managementEndpoint() {
        software.amazon.awscdk.Stack st = software.amazon.awscdk.Stack.of(this);
        return "https://" + api.getApiId() + ".execute-api." + st.getRegion() + "." + st.getUrlSuffix() + "/" + stageName;
    }

    List<String> routeKeys() {
        return List.of("$connect", "$default", "$disconnect");
    }
}
