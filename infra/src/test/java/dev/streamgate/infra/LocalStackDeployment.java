package dev.streamgate.infra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.store.DynamoDb;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.TableDefinition;
import dev.streamgate.store.TableDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The API, Lambdas and tables deployed to LocalStack with SDK calls (the same shape {@link StreamgateStack}
 * synthesizes), plus the core image from {@code target/assets/core} on the same Docker network.
 *
 * <p>LocalStack runs each Lambda in a container on {@code LAMBDA_DOCKER_NETWORK}, so the handlers reach
 * {@code http://core:8080} and the core reaches {@code http://localstack:4566} by network alias.
 */
final class LocalStackDeployment implements AutoCloseable {
    static final String STAGE = "e2e";
    static final String USER_ID = "e2e-user";
    static final String JWT_ISSUER = "streamgate-e2e";
    static final String JWT_AUDIENCE = "streamgate";
    /** Override with {@code LOCALSTACK_IMAGE}; WebSocket APIs need the licensed image. */
    static final String DEFAULT_IMAGE = "localstack/localstack-pro:latest";

    private final Network network;
    private final LocalStackContainer localstack;
    private final GenericContainer<?> core;
    private final Map<String, String> target;

    private LocalStackDeployment(Network network, LocalStackContainer localstack, GenericContainer<?> core, Map<String, String> target) {
        this.network = network;
        this.localstack = localstack;
        this.core = core;
        this.target = target;
    }

    /** The target description handed to the e2e suite (see README, "LocalStack tier"). */
    Map<String, String> target() {
        return target;
    }

    static LocalStackDeployment start(String authToken) {
        Network network = Network.newNetwork();
        String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", DEFAULT_IMAGE);
        LocalStackContainer localstack = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withNetwork(network)
                .withNetworkAliases("localstack")
                .withEnv("LOCALSTACK_AUTH_TOKEN", authToken)
                .withEnv("LAMBDA_DOCKER_NETWORK", network.getId())
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");
        localstack.start();

        Region region = Region.of(localstack.getRegion());
        URI endpoint = localstack.getEndpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        String jwtSecret = "e2e-jwt-secret-0123456789abcdef-0123456789";
        String internalSecret = "e2e-internal-secret-0123456789abcdef-012345";
        TableDefinitions tables = TableDefinitions.named("sg-e2e-connections", "sg-e2e-streams");

        try (DynamoDb dynamo = DynamoDbClients.create(endpoint, region.id(), credentials);
             SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(endpoint).region(region)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                     .httpClient(UrlConnectionHttpClient.create()).build();
             LambdaClient lambda = LambdaClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                     .httpClient(UrlConnectionHttpClient.create()).build();
             ApiGatewayV2Client apigw = ApiGatewayV2Client.builder().endpointOverride(endpoint).region(region)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {

            for (TableDefinition t : tables.all()) {
                dynamo.createTable(t);
                ObjectNode ttl = DynamoDb.object().put("TableName", t.tableName());
                ttl.putObject("TimeToLiveSpecification").put("AttributeName", t.ttlAttribute()).put("Enabled", true);
                dynamo.call("UpdateTimeToLive", ttl);
            }
            String jwtArn = secrets.createSecret(r -> r.name("sg-e2e-jwt").secretString(jwtSecret)).arn();
            String internalArn = secrets.createSecret(r -> r.name("sg-e2e-internal").secretString(internalSecret)).arn();
            String role = iam.createRole(r -> r.roleName("sg-e2e-lambda").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();

            String apiId = apigw.createApi(r -> r.name("sg-e2e-ws").protocolType(ProtocolType.WEBSOCKET)
                    .routeSelectionExpression(ChatWebSocketApi.ROUTE_SELECTION)).apiId();
            String managementInNetwork = "http://localstack:4566/_aws/execute-api/" + apiId + "/" + STAGE;

            GenericContainer<?> coreContainer = new GenericContainer<>(new ImageFromDockerfile("streamgate-core-e2e", false)
                    .withFileFromPath(".", Path.of("target", "assets", "core")))
                    .withNetwork(network)
                    .withNetworkAliases("core")
                    .withExposedPorts(CORE_PORT)
                    .withEnv(coreEnvironment(tables, jwtSecret, internalSecret, region, managementInNetwork))
                    .waitingFor(Wait.forHttp(CoreService.HEALTH_PATH).forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
            coreContainer.start();

            Map<String, String> common = new LinkedHashMap<>();
            common.put("SG_CONNECTIONS_TABLE", tables.connections().tableName());
            common.put("SG_STREAMS_TABLE", tables.streams().tableName());
            common.put("SG_DYNAMODB_ENDPOINT", "http://localstack:4566");
            common.put("SG_CORE_URL", "http://core:" + CORE_PORT);
            common.put("SG_MANAGEMENT_ENDPOINT", managementInNetwork);
            common.put("SG_INTERNAL_SECRET_ARN", internalArn);
            common.put("SG_JWT_SECRET_ARN", jwtArn);
            common.put("SG_JWT_ISSUER", JWT_ISSUER);
            common.put("SG_JWT_AUDIENCE", JWT_AUDIENCE);
            common.put("SG_TOKEN_SOURCE", "query");
            // Emulator only: also the plain values, for handler builds that do not resolve *_SECRET_ARN yet.
            common.put("SG_JWT_SECRET", jwtSecret);
            common.put("SG_INTERNAL_SECRET", internalSecret);

            byte[] jar = Files.readAllBytes(Path.of("target", "assets", "handlers", StreamgateStack.HANDLER_JAR));
            Map<String, String> arns = new LinkedHashMap<>();
            for (String cls : new String[] {"ConnectAuthorizer", "ConnectHandler", "DefaultHandler", "DisconnectHandler"}) {
                String arn = lambda.createFunction(r -> r.functionName("sg-e2e-" + cls).runtime(Runtime.JAVA21)
                        .architectures(Architecture.X86_64).handler(HandlerFunctions.PACKAGE + cls).role(role)
                        .memorySize(1024).timeout(10).code(c -> c.zipFile(SdkBytes.fromByteArray(jar)))
                        .environment(e -> e.variables(common))).functionArn();
                lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(arn));
                arns.put(cls, arn);
            }

            String authorizerId = apigw.createAuthorizer(r -> r.apiId(apiId).name("jwt").authorizerType(AuthorizerType.REQUEST)
                    .authorizerUri(invokeUri(region, arns.get("ConnectAuthorizer")))
                    .identitySource(StreamgateConfig.TokenSource.QUERY.identitySource())).authorizerId();
            String connect = integration(apigw, apiId, region, arns.get("ConnectHandler"));
            String dflt = integration(apigw, apiId, region, arns.get("DefaultHandler"));
            String disconnect = integration(apigw, apiId, region, arns.get("DisconnectHandler"));
            apigw.createRoute(r -> r.apiId(apiId).routeKey("$connect").target("integrations/" + connect)
                    .authorizationType(AuthorizationType.CUSTOM).authorizerId(authorizerId));
            apigw.createRoute(r -> r.apiId(apiId).routeKey("$default").target("integrations/" + dflt));
            apigw.createRoute(r -> r.apiId(apiId).routeKey("$disconnect").target("integrations/" + disconnect));
            apigw.createStage(r -> r.apiId(apiId).stageName(STAGE).autoDeploy(true));
            apigw.createDeployment(r -> r.apiId(apiId).stageName(STAGE));

            int edge = localstack.getMappedPort(4566);
            TokenIssuer issuer = TokenIssuer.forConfig(JwtConfig.builder().secret(jwtSecret).issuer(JWT_ISSUER).audience(JWT_AUDIENCE)
                    .build());
            Map<String, String> target = new LinkedHashMap<>();
            target.put("SG_E2E_TARGET", "localstack");
            // *.localhost.localstack.cloud resolves to 127.0.0.1; LocalStack routes on the Host header.
            target.put("SG_E2E_WS_URL", "ws://" + apiId + ".execute-api.localhost.localstack.cloud:" + edge + "/" + STAGE);
            target.put("SG_E2E_SSE_URL", "http://" + coreContainer.getHost() + ":" + coreContainer.getMappedPort(CORE_PORT)
                    + SseRestApi.SSE_PATH);
            target.put("SG_E2E_MANAGEMENT_ENDPOINT", endpoint + "/_aws/execute-api/" + apiId + "/" + STAGE);
            target.put("SG_E2E_TOKEN", issuer.issue(USER_ID));
            target.put("SG_E2E_USER_ID", USER_ID);
            target.put("SG_E2E_TOKEN_2", issuer.issue(USER_ID + "-2"));
            // What this deployment can do beyond the basics (see dev.streamgate.e2e.Capability); the rest skip.
            target.put("SG_E2E_CAPABILITIES", "SECOND_USER");
            target.put("SG_E2E_JWT_SECRET", jwtSecret);
            target.put("SG_E2E_JWT_ISSUER", JWT_ISSUER);
            target.put("SG_E2E_JWT_AUDIENCE", JWT_AUDIENCE);
            writeTargetFile(target);
            return new LocalStackDeployment(network, localstack, coreContainer, Map.copyOf(target));
        } catch (IOException e) {
            localstack.stop();
            network.close();
            throw new UncheckedIOException("cannot read the staged handler jar: run `make build` first", e);
        }
    }

    private static final int CORE_PORT = dev.streamgate.infra.Network.CORE_PORT;

    private static Map<String, String> coreEnvironment(TableDefinitions tables, String jwtSecret, String internalSecret, Region region,
            String managementEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SG_PORT", Integer.toString(CORE_PORT));
        env.put("SG_ENGINE", "demo");
        env.put("SG_ADVERTISED_URL", "http://core:" + CORE_PORT);
        env.put("SG_DYNAMODB_ENDPOINT", "http://localstack:4566");
        env.put("SG_CONNECTIONS_TABLE", tables.connections().tableName());
        env.put("SG_STREAMS_TABLE", tables.streams().tableName());
        env.put("SG_MANAGEMENT_ENDPOINT", managementEndpoint);
        env.put("SG_JWT_SECRET", jwtSecret);
        env.put("SG_JWT_ISSUER", JWT_ISSUER);
        env.put("SG_JWT_AUDIENCE", JWT_AUDIENCE);
        env.put("SG_INTERNAL_SECRET", internalSecret);
        env.put("AWS_REGION", region.id());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    private static String integration(ApiGatewayV2Client apigw, String apiId, Region region, String functionArn) {
        return apigw.createIntegration(r -> r.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationMethod("POST").integrationUri(invokeUri(region, functionArn))).integrationId();
    }

    private static String invokeUri(Region region, String functionArn) {
        return "arn:aws:apigateway:" + region.id() + ":lambda:path/2015-03-31/functions/" + functionArn + "/invocations";
    }

    /** Also on disk, so the e2e module can be pointed at a running deployment by hand. */
    private static void writeTargetFile(Map<String, String> target) throws IOException {
        Properties p = new Properties();
        p.putAll(target);
        Path file = Path.of("target", "localstack-target.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "streamgate e2e target: LocalStack (contains a test-only JWT secret)");
        }
    }

    @Override
    public void close() {
        core.stop();
        localstack.stop();
        network.close();
    }
}
