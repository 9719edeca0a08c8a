package dev.streamgate.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The streaming core on ECS Fargate behind an internal ALB, with autoscaling and a task role that may
 * post to exactly this API's connections.
 */
final class CoreService extends Construct {
    /** Mount point of the core's health endpoint, used by the ALB and the container health check. */
    static final String HEALTH_PATH = "/health";

    final ApplicationLoadBalancer loadBalancer;
    final ApplicationTargetGroup targetGroup;
    final FargateService service;
    final FargateTaskDefinition taskDefinition;

    CoreService(Construct scope, String id, Inputs in) {
        super(scope, id);
        StreamgateConfig config = in.config();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(in.network().vpc).build();

        taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(config.coreCpu())
                .memoryLimitMiB(config.coreMemoryMib())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("SG_PORT", Integer.toString(Network.CORE_PORT));
        env.put("SG_ENGINE", config.engine());
        env.put("SG_JWT_ISSUER", config.jwtIssuer());
        env.put("SG_JWT_AUDIENCE", config.jwtAudience());
        env.put("SG_MANAGEMENT_ENDPOINT", in.managementEndpoint());
        env.put("AWS_REGION", Stack.of(this).getRegion());
        env.putAll(in.tables().environment());

        taskDefinition.addContainer("core", ContainerDefinitionOptions.builder()
                // Built by `cdk deploy` from the staged core jars; synthesis only hashes the directory.
                .image(ContainerImage.fromAsset(in.imageDir().toString(),
                        AssetImageProps.builder().platform(Platform.LINUX_AMD64).build()))
                .portMappings(List.of(PortMapping.builder().containerPort(Network.CORE_PORT).build()))
                .environment(env)
                // Injected by the ECS agent at start: the template holds only the secret ARNs.
                .secrets(Map.of(
                        "SG_INTERNAL_SECRET", Secret.fromSecretsManager(in.secrets().internal),
                        "SG_JWT_SECRET", Secret.fromSecretsManager(in.secrets().jwt)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(in.logs().group(this, "CoreLogs")).streamPrefix("core").build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "curl -fsS http://127.0.0.1:" + Network.CORE_PORT + HEALTH_PATH + " || exit 1"))
                        .interval(Duration.seconds(15)).timeout(Duration.seconds(5)).retries(3)
                        .startPeriod(Duration.seconds(30)).build())
                // Room for the core to hand its streams' clients a resumable end before SIGKILL.
                .stopTimeout(Duration.seconds(120))
                .build());

        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(config.coreMinTasks())
                .securityGroups(List.of(in.network().core))
                .vpcSubnets(in.network().privateSubnets())
                .assignPublicIp(false)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(60))
                .build();

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .vpc(in.network().vpc)
                .internetFacing(false)
                .securityGroup(in.network().alb)
                .vpcSubnets(in.network().privateSubnets())
                // SSE answers may stream for minutes when the REST integration streams; heartbeats flow meanwhile.
                .idleTimeout(Duration.seconds(config.sseStreaming() ? config.sseStreamTimeoutSeconds() : 120))
                .build();
        ApplicationListener listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .port(Network.ALB_PORT).protocol(ApplicationProtocol.HTTP)
                // open=false: no 0.0.0.0/0 rule; Network grants the Lambdas and the VPC link explicitly.
                .open(false).build());
        targetGroup = listener.addTargets("Core", AddApplicationTargetsProps.builder()
                .port(Network.CORE_PORT).protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path(HEALTH_PATH).healthyHttpCodes("200")
                        .interval(Duration.seconds(10)).healthyThresholdCount(2).unhealthyThresholdCount(3).build())
                .deregistrationDelay(Duration.seconds(60))
                .build());

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(config.coreMinTasks()).maxCapacity(config.coreMaxTasks()).build());
        // Streams are I/O bound and long; CPU tracks coalescing and JSON work. Scale in slowly so a stream
        // is rarely moved (the client resumes, but it costs a reconnect).
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(60)
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.minutes(10)).build());

        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PostToThisApisConnections")
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(manageConnectionsArn(this, in.apiId(), config.stage())))
                .build());
        in.tables().table("streams").grantReadWriteData(taskDefinition.getTaskRole());
        in.tables().table("connections").grantReadData(taskDefinition.getTaskRole());
    }

    /** {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/POST/@connections/*}: the only @connections grant. */
    static String manageConnectionsArn(Construct scope, String apiId, String stage) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("execute-api")
                .resource(apiId)
                .resourceName(stage + "/POST/@connections/*")
                .build());
    }

    /** Base URL the Lambdas call for new streams (the ALB; owner-routed calls go to the task address). */
    String internalUrl() {
        return "http://" + loadBalancer.getLoadBalancerDnsName();
    }

    /**
     * What the core needs from the rest of the stack.
     *
     * @param config deployment settings
     * @param network VPC and security groups
     * @param tables DynamoDB tables
     * @param secrets signing and JWT secrets
     * @param logs log group factory
     * @param apiId WebSocket API id
     * @param managementEndpoint {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}
     * @param imageDir Docker build context of the core image
     */
    record Inputs(StreamgateConfig config, Network network, DataTables tables, AppSecrets secrets, Logs logs, String apiId,
            String managementEndpoint, Path imageDir) {
    }
}
