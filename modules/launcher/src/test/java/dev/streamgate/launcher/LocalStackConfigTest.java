package dev.streamgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    @Test
    void fromEnvironment_whenEmpty_usesTheFixedLocalDefaults() {
        LocalStackConfig c = LocalStackConfig.fromEnvironment(Map.of());

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.gatewayPort()).isEqualTo(8090);
        assertThat(c.corePort()).isEqualTo(8080);
        assertThat(c.demoPort()).isEqualTo(8000);
        assertThat(c.stage()).isEqualTo("local");
        assertThat(c.cores()).isEqualTo(1);
        assertThat(c.dynamoDbEndpoint()).isNull();
        assertThat(c.jwtIssuer()).isEqualTo("streamgate-local");
        assertThat(c.jwtAudience()).isEqualTo("streamgate");
        assertThat(c.jwtSecret()).isEqualTo(LocalStackConfig.DEFAULT_JWT_SECRET);
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void fromEnvironment_readsEverySgVariableAndPassesTheRestThrough() {
        LocalStackConfig c = LocalStackConfig.fromEnvironment(Map.ofEntries(
                Map.entry("SG_GATEWAY_PORT", "9000"), Map.entry("SG_PORT", "9100"), Map.entry("SG_CORES", "3"),
                Map.entry("SG_STAGE", "dev"), Map.entry("SG_DEMO_PORT", "-1"), Map.entry("SG_DEMO_DIST", "/tmp/d"),
                Map.entry("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:4566"), Map.entry("SG_LOCAL_USER", "ann"),
                Map.entry("SG_LOCAL_TOKEN_TTL_S", "60"), Map.entry("SG_HEARTBEAT_INTERVAL_MS", "500"),
                Map.entry("HOME", "/root")));

        assertThat(c.gatewayPort()).isEqualTo(9000);
        assertThat(c.corePort()).isEqualTo(9100);
        assertThat(c.cores()).isEqualTo(3);
        assertThat(c.stage()).isEqualTo("dev");
        assertThat(c.demoPort()).isEqualTo(-1);
        assertThat(c.demoDist()).isEqualTo(Path.of("/tmp/d"));
        assertThat(c.dynamoDbEndpoint()).isEqualTo("http://127.0.0.1:4566");
        assertThat(c.tokenUser()).isEqualTo("ann");
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.passThrough()).containsEntry("SG_HEARTBEAT_INTERVAL_MS", "500").doesNotContainKey("HOME");
    }

    @Test
    void fromEnvironment_whenANumberDoesNotParse_namesTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(Map.of("SG_CORES", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SG_CORES='two'");
    }

    @Test
    void cores_whenBelowOne_isRefused() {
        assertThatThrownBy(() -> LocalStackConfig.builder().cores(0)).hasMessageContaining("at least 1");
    }

    @Test
    void defaults_findTheDynaliteToolFromAModuleFolder() {
        assertThat(LocalStackConfig.builder().build().dynaliteDir().resolve("server.js")).exists();
    }
}
