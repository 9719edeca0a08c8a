package dev.streamgate.infra;

import static dev.streamgate.infra.Synthesized.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The switches: SSE response streaming, the subprotocol token, no account role, disposable tables. */
class StreamgateStackVariantsTest {
    static Synthesized synth;
    static Template template;

    @BeforeAll
    static void synthesize() {
        synth = Synthesized.of(Map.of(
                "sseStreaming", "true",
                "tokenSource", "subprotocol",
                "apiGatewayAccountRole", "false",
                "retainTables", "false",
                "stage", "beta"));
        template = synth.template();
    }

    @Test
    void sseStreaming_switchesTheIntegrationToStreamWithTheLongTimeout() {
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "POST",
                "Integration", Match.objectLike(Map.of(
                        "Type", "HTTP_PROXY",
                        "ResponseTransferMode", "STREAM",
                        "TimeoutInMillis", 900_000))));
        // The ALB must not cut a stream the API keeps open.
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "idle_timeout.timeout_seconds", "Value", "900")))));
    }

    @Test
    void subprotocolTokens_readTheSecWebSocketProtocolHeader() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "IdentitySource", List.of("route.request.header.Sec-WebSocket-Protocol")));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.streamgate.handlers.ConnectHandler",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("SG_TOKEN_SOURCE", "subprotocol")))));
    }

    @Test
    void accountRoleOff_leavesTheAccountSettingAlone() {
        template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void retainTablesOff_deletesTablesWithTheStack() {
        template.allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void stageName_scopesTheConnectionsGrant() {
        assertThat(synth.iamStatements().stream().filter(s -> s.actions().contains("execute-api:ManageConnections"))
                .map(s -> s.resources().toString()).toList()).hasSize(2).allMatch(r -> r.contains("/beta/POST/@connections/*"));
        synth.resources("AWS::ApiGatewayV2::Stage").values().forEach(s -> assertThat(props(s).get("StageName")).isEqualTo("beta"));
    }

    @Test
    void missingHandlerJar_saysToRunMakeBuildFirst() {
        App app = StreamgateApp.app(Map.of("account", Synthesized.ACCOUNT, "region", Synthesized.REGION,
                "assetDir", "target/no-such-assets"));
        assertThatThrownBy(() -> StreamgateApp.build(app))
                .isInstanceOf(MissingBuildArtifactException.class)
                .hasMessageContaining("handler jar")
                .hasMessageContaining("run `make build` first");
    }
}
