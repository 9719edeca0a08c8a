package dev.streamgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtConfigTest {

    @Test
    void fromEnvironment_whenEmpty_usesLocalHs256Defaults() {
        JwtConfig config = JwtConfig.fromEnvironment(Map.of());

        assertThat(config.issuer()).isEqualTo("streamgate-local");
        assertThat(config.audience()).isEqualTo("streamgate");
        assertThat(config.jwksUrl()).isNull();
        assertThat(config.algorithms()).containsExactly(JWSAlgorithm.HS256);
        assertThat(config.toString()).doesNotContain(JwtConfig.LOCAL_SECRET);
    }

    @Test
    void fromEnvironment_withJwksUrl_selectsJwksModeWithAsymmetricAlgorithms() {
        JwtConfig config = JwtConfig.fromEnvironment(Map.of("SG_JWT_JWKS_URL", "https://idp.example/.well-known/jwks.json",
                "SG_JWT_ISSUER", "https://idp.example", "SG_JWT_AUDIENCE", "app", "SG_JWT_CLOCK_SKEW_SECONDS", "5"));

        assertThat(config.secret()).isNull();
        assertThat(config.jwksUrl()).isEqualTo(URI.create("https://idp.example/.well-known/jwks.json"));
        assertThat(config.algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fromEnvironment_whenMisconfigured_namesTheVariable() {
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(Map.of("SG_JWT_SECRET", "too-short")))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("SG_JWT_SECRET");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(Map.of("SG_JWT_SECRET", JwtConfig.LOCAL_SECRET,
                "SG_JWT_JWKS_URL", "https://idp.example/jwks.json"))).isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(Map.of("SG_JWT_ALGORITHMS", "RS256")))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("SG_JWT_ALGORITHMS");
        assertThatThrownBy(() -> JwtConfig.fromEnvironment(Map.of("SG_JWT_CLOCK_SKEW_SECONDS", "soon")))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("SG_JWT_CLOCK_SKEW_SECONDS");
    }
}
