package dev.streamgate.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.constructs.Construct;

/**
 * The four Lambda handlers (one shaded jar), their {@code live} aliases with SnapStart, and the WebSocket
 * routes that invoke them.
 *
 * <p>The Lambdas derive the {@code @connections} endpoint from each event's {@code requestContext}; infra
 * sets no {@code SG_MANAGEMENT_ENDPOINT} for them, because that variable is an override for emulators
 * and switches the handlers to local credentials when no static AWS key is in the environment (as after
 * a SnapStart restore).
 *
 * <p>Sizing: a SnapStart restore of the shaded jar plus one signed HTTP call or DynamoDB write is CPU
 * bound, and Lambda CPU grows with memory; STACK.md measured 0.85 s for a fresh JVM's first
 * {@code postToConnection} and 6–11 ms warm. {@code $default} gets 1024 MB (a fuller vCPU share keeps a
 * restore well under a second) and 10 s (the client sees API Gateway's 29 s timeout long before, but the
 * handler hands off in milliseconds, so 10 s only bounds a stuck core call). The authorizer, $connect and
 * $disconnect do one JWT check or one table write: 512 MB and 5–10 s.
 */
final class HandlerFunctions extends Construct {
    /**
     * Handler classes in the shaded jar. The handler setting is the bare class name, never {@code Class::method}: the
     * Java runtime then takes a class's {@code RequestStreamHandler} entry over its {@code RequestHandler} one (all
     * four have both: raw event JSON, read with jackson-core, no runtime event deserializer at cold start).
     */
    static final String PACKAGE = "dev.streamgate.handlers.";

    final Map<String, Function> functions = new LinkedHashMap<>();
    final Map<String, Alias> aliases = new LinkedHashMap<>();
    final Map<String, WebSocketRoute> routes = new LinkedHashMap<>();

    HandlerFunctions(Construct scope, String id, Inputs in) {
        super(scope, id);
        Code code = Code.fromAsset(in.handlerJar().toString());
        Map<String, String> tables = in.tables().environment();

        Map<String, String> authorizerEnv = new LinkedHashMap<>();
        authorizerEnv.put("SG_JWT_SECRET_ARN", in.secrets().jwt.getSecretArn());
        authorizerEnv.put("SG_JWT_ISSUER", in.config().jwtIssuer());
        authorizerEnv.put("SG_JWT_AUDIENCE", in.config().jwtAudience());
        authorizerEnv.put("SG_TOKEN_SOURCE", in.config().tokenSource().name().toLowerCase(java.util.Locale.ROOT));
        Alias authorizer = function("ConnectAuthorizer", code, 512, 5, authorizerEnv, in);
        in.secrets().jwt.grantRead(authorizer);

        Map<String, String> connectEnv = new LinkedHashMap<>(tables);
        connectEnv.put("SG_TOKEN_SOURCE", in.config().tokenSource().name().toLowerCase(java.util.Locale.ROOT));
        Alias connect = function("ConnectHandler", code, 512, 5, connectEnv, in);
        in.tables().table("connections").grantReadWriteData(connect);

        Map<String, String> coreEnv = new LinkedHashMap<>(tables);
        coreEnv.put("SG_CORE_URL", in.coreUrl());
        coreEnv.put("SG_INTERNAL_SECRET_ARN", in.secrets().internal.getSecretArn());
        Alias dflt = function("DefaultHandler", code, 1024, 10, coreEnv, in);
        in.tables().table("connections").grantReadData(dflt);
        in.tables().table("streams").grantReadData(dflt);
        in.secrets().internal.grantRead(dflt);
        // $default answers bad frames and pings itself through @connections (its return value carries no body).
        dflt.addToRolePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .sid("PostToThisApisConnections")
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(CoreService.manageConnectionsArn(this, in.api().api.getApiId(), in.config().stage())))
                .build());

        Alias disconnect = function("DisconnectHandler", code, 512, 10, coreEnv, in);
        in.tables().table("connections").grantReadWriteData(disconnect);
        in.secrets().internal.grantRead(disconnect);

        ChatWebSocketApi ws = in.api();
        routes.put("$connect", ws.api.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("ConnectIntegration", connect))
                .authorizer(new WebSocketLambdaAuthorizer("JwtAuthorizer", authorizer, WebSocketLambdaAuthorizerProps.builder()
                        .authorizerName("jwt")
                        .identitySource(List.of(in.config().tokenSource().identitySource()))
                        .build()))
                .build()));
        // One-way: the handler posts its replies through @connections, so no route response is configured
        // (a two-way route would send the client the handler's empty return body as a frame).
        routes.put("$default", ws.api.addRoute("$default", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DefaultIntegration", dflt))
                .build()));
        routes.put("$disconnect", ws.api.addRoute("$disconnect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DisconnectIntegration", disconnect))
                .build()));
        // An auto-deployed stage must come after its routes, or the first deployment has none.
        routes.values().forEach(r -> ws.stage.getNode().addDependency(r));
    }

    private Alias function(String className, Code code, int memoryMb, int timeoutSeconds, Map<String, String> env, Inputs in) {
        Map<String, String> environment = new LinkedHashMap<>(env);
        // C1 only: the handlers are short, so fast compilation beats peak performance (AWS's SnapStart advice).
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        Function fn = Function.Builder.create(this, className)
                .description("streamgate " + className)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(PACKAGE + className)
                .code(code)
                .memorySize(memoryMb)
                .timeout(Duration.seconds(timeoutSeconds))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .vpc(in.network().vpc)
                .vpcSubnets(in.network().privateSubnets())
                .securityGroups(List.of(in.network().lambdas))
                .environment(environment)
                .logGroup(in.logs().group(this, className + "Logs"))
                .build();
        // SnapStart snapshots published versions only; the API always invokes the alias, never $LATEST.
        software.amazon.awscdk.Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every change publishes a version through the live alias below");
        Alias alias = Alias.Builder.create(this, className + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
        functions.put(className, fn);
        aliases.put(className, alias);
        return alias;
    }

    /**
     * What the handlers need from the rest of the stack.
     *
     * @param config deployment settings
     * @param network VPC and security groups
     * @param tables DynamoDB tables
     * @param secrets signing and JWT secrets
     * @param logs log group factory
     * @param api the WebSocket API to route
     * @param coreUrl the core's internal base URL
     * @param handlerJar the shaded handler jar
     */
    record Inputs(StreamgateConfig config, Network network, DataTables tables, AppSecrets secrets, Logs logs, ChatWebSocketApi api,
            String coreUrl, Path handlerJar) {
    }
}
