package dev.streamgate.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole streamgate deployment: VPC, tables, secrets, the core on Fargate, the WebSocket API with its
 * Lambda handlers, the SSE REST API, alarms, and outputs a client needs.
 */
public final class StreamgateStack extends Stack {
    /** File name of the staged handler jar under {@code <assetDir>/handlers/}. */
    public static final String HANDLER_JAR = "streamgate-handlers.jar";

    private final ChatWebSocketApi ws;
    private final SseRestApi sse;

    /**
     * Builds the stack.
     *
     * @param scope the CDK app
     * @param id stack name
     * @param props environment and description
     * @param config deployment settings
     */
    public StreamgateStack(Construct scope, String id, StackProps props, StreamgateConfig config) {
        super(scope, id, props);
        Path handlerJar = requireArtifact(config.assetDir().resolve("handlers").resolve(HANDLER_JAR), "the shaded handler jar");
        Path coreImage = requireArtifact(config.assetDir().resolve("core").resolve("Dockerfile"), "the core image's Dockerfile")
                .getParent();

        Logs logs = new Logs(config);
        Network network = new Network(this, "Network", config);
        DataTables tables = new DataTables(this, "Tables", config);
        AppSecrets secrets = new AppSecrets(this, "Secrets");
        ws = new ChatWebSocketApi(this, "WebSocket", config, logs);
        CoreService core = new CoreService(this, "Core", new CoreService.Inputs(config, network, tables, secrets, logs,
                ws.api.getApiId(), ws.managementEndpoint(), coreImage));
        HandlerFunctions handlers = new HandlerFunctions(this, "Handlers", new HandlerFunctions.Inputs(config, network, tables,
                secrets, logs, ws, core.internalUrl(), handlerJar));
        sse = new SseRestApi(this, "Sse", config, network, core, logs);
        if (config.apiGatewayAccountRole()) {
            ApiGatewayAccount account = new ApiGatewayAccount(this, "ApiGatewayAccount");
            // Both stages write access logs, which API Gateway refuses until the account role is set.
            ws.stage.getNode().addDependency(account.account);
            sse.api.getDeploymentStage().getNode().addDependency(account.account);
        }
        new Monitoring(this, "Monitoring", config, handlers, ws, sse, core);

        CfnOutput.Builder.create(this, "WebSocketUrl").value(ws.url())
                .description("wss:// URL clients connect to (add ?token=<JWT>)").build();
        CfnOutput.Builder.create(this, "ManagementEndpoint").value(ws.managementEndpoint())
                .description("@connections base: POST {this}/@connections/{connectionId}").build();
        CfnOutput.Builder.create(this, "ConnectionsUrl").value(ws.managementEndpoint() + "/@connections")
                .description("the @connections endpoint itself").build();
        CfnOutput.Builder.create(this, "SseUrl").value(sse.url())
                .description("SSE endpoint for short requests (POST, Authorization: Bearer <JWT>)").build();
        CfnOutput.Builder.create(this, "JwtSecretArn").value(secrets.jwt.getSecretArn())
                .description("put your HS256 key here: aws secretsmanager put-secret-value").build();
        CfnOutput.Builder.create(this, "InternalSecretArn").value(secrets.internal.getSecretArn())
                .description("HMAC key for /internal/v1 (generated; rotate by putting a new value and redeploying)").build();
        tables.byId.forEach((name, table) -> CfnOutput.Builder.create(this, "Table" + Character.toUpperCase(name.charAt(0))
                + name.substring(1)).value(table.getTableName()).build());
    }

    /** The {@code wss://} URL (a token until deploy). */
    public String webSocketUrl() {
        return ws.url();
    }

    /** The SSE URL (a token until deploy). */
    public String sseUrl() {
        return sse.url();
    }

    private static Path requireArtifact(Path path, String what) {
        if (!Files.isRegularFile(path)) {
            throw new MissingBuildArtifactException(what + " is missing at " + path.toAbsolutePath().normalize()
                    + ": run `make build` first (it builds modules/handlers and modules/core and stages them into infra/target/assets), "
                    + "or point -c assetDir=... at a directory holding handlers/" + HANDLER_JAR + " and core/Dockerfile");
        }
        return path;
    }
}
