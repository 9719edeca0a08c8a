package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refusal rules for secrets when a handler runs in Lambda; no network (no ARN is set in these cases). */
class HandlerConfigSecretsTest {

    private static final String GOOD = "a-real-random-secret-0123456789abcdefghijklmnop";

    private static Map<String, String> lambda(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "sg-test");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "example");
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void authorizerInLambda_withoutAnyJwtKey_refusesNamingTheArnVariable() {
        assertThatThrownBy(() -> new ConnectAuthorizer(lambda()))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SG_JWT_SECRET_ARN").hasMessageContaining("SG_JWT_JWKS_URL");
    }

    @Test
    void authorizerInLambda_withTheLocalDefaultJwtSecret_refuses() {
        assertThatThrownBy(() -> new ConnectAuthorizer(lambda("SG_JWT_SECRET", JwtConfig.LOCAL_SECRET)))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SG_JWT_SECRET").hasMessageContaining("local default");
    }

    @Test
    void authorizerInLambda_withARealSecretOrJwks_starts() {
        HandlerConfig config = HandlerConfig.fromEnvironment(lambda("SG_JWT_SECRET", GOOD), HandlerConfig.Secret.JWT);
        assertThat(new String(config.jwt().secret(), StandardCharsets.UTF_8)).isEqualTo(GOOD);
        HandlerConfig jwks = HandlerConfig.fromEnvironment(
                lambda("SG_JWT_JWKS_URL", "https://issuer.example/.well-known/jwks.json"), HandlerConfig.Secret.JWT);
        assertThat(jwks.jwt().jwksUrl()).hasToString("https://issuer.example/.well-known/jwks.json");
    }

    @Test
    void defaultAndDisconnectInLambda_withoutInternalSecret_refuseNamingTheArnVariable() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(lambda(), HandlerConfig.Secret.INTERNAL))
                .isInstanceOf(InsecureConfigurationException.class).hasMessageContaining("SG_INTERNAL_SECRET_ARN");
        assertThatThrownBy(() -> new DefaultHandler(lambda("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:9")))
                .isInstanceOf(InsecureConfigurationException.class).hasMessageContaining("SG_INTERNAL_SECRET_ARN");
        assertThatThrownBy(() -> new DisconnectHandler(lambda("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:9")))
                .isInstanceOf(InsecureConfigurationException.class).hasMessageContaining("SG_INTERNAL_SECRET_ARN");
    }

    @Test
    void defaultHandlerInLambda_withTheLocalDefaultInternalSecret_refuses() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(lambda("SG_INTERNAL_SECRET", SigningConfig.LOCAL_SECRET),
                HandlerConfig.Secret.INTERNAL))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SG_INTERNAL_SECRET").hasMessageContaining("local default");
    }

    @Test
    void connectHandlerInLambda_needsNoSecret() {
        // what ConnectHandler's constructors ask for: no secret is checked (it uses neither)
        HandlerConfig config = HandlerConfig.fromEnvironment(lambda(), new HandlerConfig.Secret[0]);
        assertThat(config.region()).isEqualTo(HandlerConfig.DEFAULT_REGION);
    }

    @Test
    void outsideLambda_theLocalDefaultsStillApply() {
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of());
        assertThat(new String(config.jwt().secret(), StandardCharsets.UTF_8)).isEqualTo(JwtConfig.LOCAL_SECRET);
        assertThat(new String(config.signing().secret(), StandardCharsets.UTF_8)).isEqualTo(SigningConfig.LOCAL_SECRET);
    }
}
