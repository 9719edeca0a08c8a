package dev.streamgate.infra;

import static dev.streamgate.infra.Synthesized.list;
import static dev.streamgate.infra.Synthesized.map;
import static dev.streamgate.infra.Synthesized.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The default deployment, synthesized once like {@code cdk synth} would with no AWS account. */
class StreamgateStackTest {
    /**
     * Statements AWS only accepts with {@code Resource: *}, each with the reason:
     * {@code ecr:GetAuthorizationToken} is account-wide by definition (the execution role pulls the core image).
     */
    static final Set<String> ACTIONS_REQUIRING_STAR = Set.of("ecr:GetAuthorizationToken");
    /**
     * AWS managed policies the stack attaches, each with the reason: the Lambda VPC policy creates ENIs in
     * subnets known only at run time; basic execution is the CDK custom resource that locks the default
     * security group; API Gateway's logging role writes log groups it names itself.
     */
    static final Set<String> ALLOWED_MANAGED_POLICIES = Set.of(
            "service-role/AWSLambdaVPCAccessExecutionRole",
            "service-role/AWSLambdaBasicExecutionRole",
            ApiGatewayAccount.MANAGED_POLICY);

    static Synthesized synth;
    static Template template;

    @BeforeAll
    static void synthesize() {
        synth = Synthesized.of(Map.of());
        template = synth.template();
    }

    @Test
    void synth_writesACloudAssemblyWithTheStackTemplate() {
        assertThat(synth.assembly().getStacks()).hasSize(1);
        assertThat(Files.isRegularFile(synth.outdir().resolve(StreamgateApp.DEFAULT_STACK_NAME + ".template.json"))).isTrue();
        // Nothing left to look up: `cdk synth` in CI (no credentials) would otherwise fail.
        assertThat(synth.assembly().getManifest().getMissing()).isNullOrEmpty();
    }

    @Test
    void webSocketApi_routesOnTheActionFieldToThreeLambdaProxyRoutes() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
        template.resourcePropertiesCountIs("AWS::ApiGatewayV2::Integration", Map.of("IntegrationType", "AWS_PROXY"), 3);
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$connect", "AuthorizationType", "CUSTOM"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$default",
                "RouteResponseSelectionExpression", Match.absent()));
        template.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", 0);
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$disconnect", "AuthorizationType", "NONE"));
        template.resourceCountIs("AWS::ApiGatewayV2::Route", 3);
        // Every integration invokes a published alias (SnapStart), never $LATEST.
        synth.resources("AWS::ApiGatewayV2::Integration").values().forEach(i ->
                assertThat(props(i).get("IntegrationUri").toString()).contains("Live"));
    }

    @Test
    void authorizer_isARequestLambdaAuthorizerOnTheQueryToken() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "REQUEST",
                "IdentitySource", List.of("route.request.querystring.token")));
    }

    @Test
    void stage_throttlesAndWritesAccessLogsWithoutExecutionLogs() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "prod",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200,
                        "DataTraceEnabled", false, "LoggingLevel", "OFF"),
                "AccessLogSettings", Map.of("DestinationArn", Match.anyValue(),
                        "Format", Match.stringLikeRegexp(".*connectionId.*routeKey.*"))));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "prod",
                "AccessLogSetting", Map.of("DestinationArn", Match.anyValue(), "Format", Match.anyValue()),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200, "DataTraceEnabled", false))))));
    }

    @Test
    void lambdas_runJava21WithSnapStartInTheVpcBehindLiveAliases() {
        Map<String, Map<String, Object>> java = synth.resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> "java21".equals(props(e.getValue()).get("Runtime")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(java).hasSize(4);
        assertThat(java.values().stream().map(f -> props(f).get("Handler")).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "dev.streamgate.handlers.ConnectAuthorizer", "dev.streamgate.handlers.ConnectHandler",
                "dev.streamgate.handlers.DefaultHandler", "dev.streamgate.handlers.DisconnectHandler");
        java.values().forEach(f -> {
            Map<String, Object> p = props(f);
            assertThat(p.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(map(p.get("VpcConfig")).get("SubnetIds")).isNotNull();
            assertThat(((Number) p.get("MemorySize")).intValue()).isBetween(512, 1024);
            assertThat(((Number) p.get("Timeout")).intValue()).isBetween(5, 10);
            assertThat(p.get("LoggingConfig")).isNotNull();
        });
        template.resourcePropertiesCountIs("AWS::Lambda::Alias", Map.of("Name", "live"), 4);
        template.resourceCountIs("AWS::Lambda::Version", 4);
    }

    @Test
    void lambdas_knowTheCoreAndTheTablesAndReadSecretsByArnOnly() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.streamgate.handlers.DefaultHandler",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SG_CORE_URL", Match.anyValue(),
                        "SG_CONNECTIONS_TABLE", Match.anyValue(),
                        "SG_STREAMS_TABLE", Match.anyValue(),
                        "SG_MANAGEMENT_ENDPOINT", Match.absent(),
                        "SG_INTERNAL_SECRET_ARN", Map.of("Ref", Match.stringLikeRegexp("SecretsInternalSigningSecret.*")))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.streamgate.handlers.ConnectAuthorizer",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SG_JWT_SECRET_ARN", Map.of("Ref", Match.stringLikeRegexp("SecretsJwtSecret.*")),
                        "SG_TOKEN_SOURCE", "query")))));
    }

    @Test
    void tables_areOnDemandWithTtlPitrAndTheStoreIndexes() {
        for (TableSpec spec : StreamgateTables.all()) {
            template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "KeySchema", Match.arrayWith(List.of(Map.of("AttributeName", spec.partitionKey().name(), "KeyType", "HASH"))),
                    "BillingMode", "PAY_PER_REQUEST",
                    "TimeToLiveSpecification", Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "GlobalSecondaryIndexes", Match.arrayWith(spec.indexes().stream()
                            .map(i -> Match.objectLike(Map.of("IndexName", i.name(), "Projection", Map.of("ProjectionType", "ALL"))))
                            .toList()))));
        }
        template.resourceCountIs("AWS::DynamoDB::Table", StreamgateTables.all().size());
        template.allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void core_runsOnFargateBehindAnInternalAlbWithHealthChecksAndAutoscaling() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", 8080))),
                        "HealthCheck", Match.objectLike(Map.of("Command", Match.arrayWith(List.of("CMD-SHELL")))),
                        "Environment", Match.arrayWith(List.of(Map.of("Name", "SG_PORT", "Value", "8080"))))))));
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "LaunchType", "FARGATE",
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internal"));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", "/health", "Port", 8080, "TargetType", "ip"));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 6));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("PolicyType", "TargetTrackingScaling"));
    }

    @Test
    void iam_everyStatementNamesItsActionsAndIsScopedToItsResources() {
        List<Synthesized.Statement> statements = synth.iamStatements();
        assertThat(statements).isNotEmpty();
        for (Synthesized.Statement s : statements) {
            for (Object action : s.actions()) {
                assertThat(action.toString()).as("action in %s", s.where()).doesNotContain("*");
            }
            if (s.resources().contains("*")) {
                assertThat(s.actions()).as("Resource * in %s: %s", s.where(), s.raw())
                        .allMatch(a -> ACTIONS_REQUIRING_STAR.contains(a.toString()));
            }
        }
        synth.resources("AWS::IAM::Role").forEach((id, role) -> list(props(role).get("ManagedPolicyArns")).forEach(arn ->
                assertThat(ALLOWED_MANAGED_POLICIES).as("managed policy on %s: %s", id, arn)
                        .anyMatch(name -> arn.toString().contains(name))));
        // Lambda invoke permissions are limited to this API.
        synth.resources("AWS::Lambda::Permission").values().forEach(p ->
                assertThat(props(p).get("SourceArn")).as("permission %s", p).isNotNull());
    }

    @Test
    void manageConnections_isGrantedToTheCoreAndDefaultHandlerOnlyOnThisApisStage() {
        List<Synthesized.Statement> manage = synth.iamStatements().stream()
                .filter(s -> s.actions().contains("execute-api:ManageConnections")).toList();
        assertThat(manage).extracting(Synthesized.Statement::where)
                .hasSize(2).anyMatch(w -> w.startsWith("CoreTaskTaskRole")).anyMatch(w -> w.startsWith("HandlersDefaultHandler"));
        String apiRef = synth.resources("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        for (Synthesized.Statement s : manage) {
            assertThat(s.actions()).containsExactly("execute-api:ManageConnections");
            assertThat(s.resources()).hasSize(1);
            assertThat(s.resources().get(0).toString())
                    .contains("arn:").contains(":execute-api:us-east-1:123456789012:").contains(apiRef)
                    .contains("/prod/POST/@connections/*");
        }
    }

    @Test
    void securityGroups_acceptNothingFromTheInternetAndTheCoreOnlyFromAlbAndLambdas() {
        synth.resources("AWS::EC2::SecurityGroup").forEach((id, sg) -> list(props(sg).get("SecurityGroupIngress")).forEach(rule -> {
            assertThat(map(rule).get("CidrIp")).as("ingress on %s", id).isNotEqualTo("0.0.0.0/0");
            assertThat(map(rule).get("CidrIpv6")).as("ingress on %s", id).isNotEqualTo("::/0");
        }));
        Map<String, Map<String, Object>> ingress = synth.resources("AWS::EC2::SecurityGroupIngress");
        ingress.forEach((id, rule) -> {
            assertThat(props(rule).get("CidrIp")).as(id).isNull();
            assertThat(props(rule).get("SourceSecurityGroupId")).as(id).isNotNull();
        });
        Set<String> coreSources = ingress.values().stream()
                .filter(r -> props(r).get("GroupId").toString().contains("NetworkCoreSg"))
                .map(r -> props(r).get("SourceSecurityGroupId").toString())
                .collect(Collectors.toSet());
        assertThat(coreSources).hasSize(2).allMatch(s -> s.contains("NetworkAlbSg") || s.contains("NetworkLambdaSg"));
    }

    @Test
    void secrets_areInjectedAsEcsSecretsAndNeverAppearAsPlainValues() {
        for (String name : List.of("SG_INTERNAL_SECRET", "SG_JWT_SECRET")) {
            String ref = name.equals("SG_JWT_SECRET") ? "SecretsJwt.*" : "SecretsInternal.*";
            template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of("Secrets", Match.arrayWith(List.of(
                            Map.of("Name", name, "ValueFrom", Map.of("Ref", Match.stringLikeRegexp(ref))))))))));
        }
        template.resourcePropertiesCountIs("AWS::SecretsManager::Secret",
                Map.of("GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 64))), 2);
        template.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("SecretString", Match.absent()));
        // No environment variable that names a secret holds a value: only *_ARN references.
        synth.resources("AWS::Lambda::Function").values().forEach(f -> {
            Object env = props(f).get("Environment");
            if (env != null) {
                map(map(env).get("Variables")).forEach((k, v) -> {
                    if (k.contains("SECRET")) {
                        assertThat(k).endsWith("_SECRET_ARN");
                        assertThat(v).isInstanceOf(Map.class);
                    }
                });
            }
        });
        synth.resources("AWS::ECS::TaskDefinition").values().forEach(td -> list(props(td).get("ContainerDefinitions"))
                .forEach(c -> list(map(c).get("Environment")).forEach(e ->
                        assertThat(map(e).get("Name").toString()).doesNotContain("SECRET"))));
    }

    @Test
    void sseApi_isABufferedHttpProxyThroughAVpcLinkToTheAlbWithin29Seconds() {
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "POST",
                "Integration", Match.objectLike(Map.of(
                        "Type", "HTTP_PROXY",
                        "ConnectionType", "VPC_LINK",
                        "ConnectionId", Map.of("Ref", Match.stringLikeRegexp("SseVpcLink.*")),
                        "IntegrationTarget", Map.of("Ref", Match.stringLikeRegexp("CoreAlb.*")),
                        "TimeoutInMillis", 29000,
                        "ResponseTransferMode", "BUFFERED"))));
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
        template.hasResourceProperties("AWS::ApiGatewayV2::VpcLink", Map.of("SecurityGroupIds", List.of(Match.anyValue())));
    }

    @Test
    void logs_everyLogGroupExpires() {
        assertThat(synth.resources("AWS::Logs::LogGroup")).hasSizeGreaterThanOrEqualTo(7);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        template.resourceCountIs("Custom::LogRetention", 0);
    }

    @Test
    void alarms_coverLambdaErrorsAndThrottlesApiErrorsAndTheGoneRate() {
        Set<String> metrics = synth.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> props(a).containsKey("MetricName") ? props(a).get("MetricName").toString() : "math")
                .collect(Collectors.toSet());
        assertThat(metrics).contains("Errors", "Throttles", "IntegrationError", "ExecutionError", "5XXError", "UnHealthyHostCount",
                "math");
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors"), 4);
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles"), 4);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Expression", "IF(posts > 0, 100 * gone / posts, 0)")),
                Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Match.objectLike(Map.of(
                        "Namespace", Monitoring.NAMESPACE, "MetricName", Monitoring.GONE_METRIC)))))))),
                "AlarmActions", List.of(Match.anyValue())));
    }

    @Test
    void outputs_nameTheWssUrlTheConnectionsEndpointAndTheSseUrl() {
        assertThat(template.findOutputs("WebSocketUrl").toString()).contains("wss://");
        assertThat(template.findOutputs("ConnectionsUrl").toString()).contains("/@connections");
        assertThat(template.findOutputs("ManagementEndpoint").toString()).contains("https://");
        assertThat(template.findOutputs("SseUrl").toString()).contains("/api/chat/stream");
    }
}
