package dev.streamgate.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.CfnMethod;
import software.amazon.awscdk.services.apigateway.ConnectionType;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.Integration;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationProps;
import software.amazon.awscdk.services.apigateway.IntegrationType;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.ResponseTransferMode;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API kept for short SSE requests: {@code POST /api/chat/stream}, HTTP_PROXY to the core's ALB
 * through a VPC link V2. BUFFERED with the 29 s timeout by default; {@code -c sseStreaming=true}
 * switches the integration to {@code responseTransferMode: STREAM} (up to 15 minutes, Regional endpoint
 * so the idle timeout is 5 minutes, not the edge-optimized 30 s).
 */
final class SseRestApi extends Construct {
    static final String SSE_PATH = "/api/chat/stream";
    /** The REST integration ceiling without a quota increase. */
    static final int BUFFERED_TIMEOUT_SECONDS = 29;

    final RestApi api;
    final Method method;
    final VpcLink vpcLink;
    final LogGroup accessLogs;

    SseRestApi(Construct scope, String id, StreamgateConfig config, Network network, CoreService core, Logs logs) {
        super(scope, id);
        accessLogs = logs.group(this, "AccessLogs");
        api = RestApi.Builder.create(this, "Api")
                .restApiName(software.amazon.awscdk.Stack.of(this).getStackName() + "-sse")
                .description("streamgate SSE for short requests (POST " + SSE_PATH + ")")
                .endpointConfiguration(EndpointConfiguration.builder().types(List.of(EndpointType.REGIONAL)).build())
                // The account-wide logging role is ApiGatewayAccount's job (shared with the WebSocket stage).
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(config.stage())
                        .throttlingRateLimit(config.throttleRate())
                        .throttlingBurstLimit(config.throttleBurst())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\","
                                + "\"path\":\"$context.path\",\"requestTime\":\"$context.requestTime\","
                                + "\"integrationLatency\":\"$context.integrationLatency\",\"responseLength\":\"$context.responseLength\","
                                + "\"error\":\"$context.error.message\",\"sourceIp\":\"$context.identity.sourceIp\"}"))
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.OFF)
                        .dataTraceEnabled(false)
                        .build())
                .build();

        vpcLink = VpcLink.Builder.create(this, "VpcLink")
                .vpc(network.vpc)
                .subnets(network.privateSubnets())
                .securityGroups(List.of(network.vpcLink))
                .build();

        boolean stream = config.sseStreaming();
        Integration integration = new Integration(IntegrationProps.builder()
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("POST")
                .uri(core.internalUrl() + SSE_PATH)
                .options(IntegrationOptions.builder()
                        .connectionType(ConnectionType.VPC_LINK)
                        // A V2 link id goes in the same ConnectionId field; the L2 only knows V1 links, so import by id.
                        .vpcLink(software.amazon.awscdk.services.apigateway.VpcLink.fromVpcLinkId(this, "VpcLinkRef",
                                vpcLink.getVpcLinkId()))
                        .timeout(Duration.seconds(stream ? config.sseStreamTimeoutSeconds() : BUFFERED_TIMEOUT_SECONDS))
                        .responseTransferMode(stream ? ResponseTransferMode.STREAM : ResponseTransferMode.BUFFERED)
                        .build())
                .build());
        method = api.getRoot().resourceForPath(SSE_PATH).addMethod("POST", integration);
        // Escape hatch: VPC link V2 integrations name their load balancer; the L2 Integration has no prop for it.
        ((CfnMethod) method.getNode().getDefaultChild())
                .addPropertyOverride("Integration.IntegrationTarget", core.loadBalancer.getLoadBalancerArn());
    }

    String url() {
        return api.urlForPath(SSE_PATH);
    }
}
