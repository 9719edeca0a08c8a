package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreConfigTest {

    @Test
    void fromEnvironment_whenEmpty_usesLocalDefaults() {
        CoreConfig c = CoreConfig.fromEnvironment(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.engine()).isEqualTo("demo");
        assertThat(c.sseBudgetEnabled()).isFalse();
        assertThat(c.coalesceWindow()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.jwt().issuer()).isEqualTo("streamgate-local");
        assertThat(c.jwt().audience()).isEqualTo("streamgate");
    }

    @Test
    void fromEnvironment_readsEveryValueGiven() {
        CoreConfig c = CoreConfig.fromEnvironment(Map.of("SG_PORT", "0", "SG_SSE_BUDGET_MS", "25000",
                "SG_GRACE_PERIOD_MS", "5", "SG_HEARTBEAT_INTERVAL_MS", "7", "SG_ADVERTISED_URL", "http://10.0.0.1:8080"));
        assertThat(c.port()).isZero();
        assertThat(c.sseBudget()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.gracePeriod()).isEqualTo(Duration.ofMillis(5));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(7));
        assertThat(c.advertisedUrl()).isEqualTo("http://10.0.0.1:8080");
    }

    @Test
    void replayPool_defaultsToASixteenthOfTheHeap_isReadFromTheEnvironment_andIsNeverNegative() {
        assertThat(CoreConfig.fromEnvironment(Map.of()).replayPoolBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 16);
        assertThat(CoreConfig.fromEnvironment(Map.of("SG_REPLAY_POOL_BYTES", "0")).replayPoolBytes()).isZero();
        assertThat(CoreConfig.fromEnvironment(Map.of("SG_REPLAY_POOL_BYTES", "1048576")).replayPoolBytes()).isEqualTo(1 << 20);
        assertThatThrownBy(() -> CoreConfig.fromEnvironment(Map.of("SG_REPLAY_POOL_BYTES", "-1")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("SG_REPLAY_POOL_BYTES");
    }

    @Test
    void fromEnvironment_whenValueIsNotANumber_namesTheVariable() {
        assertThatThrownBy(() -> CoreConfig.fromEnvironment(Map.of("SG_PORT", "eighty")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("SG_PORT");
    }

    @Test
    void fromEnvironment_whenEngineUnknown_saysWhichAreValid() {
        assertThatThrownBy(() -> CoreConfig.fromEnvironment(Map.of("SG_ENGINE", "gpt")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("demo, upstream-sse or openai");
    }

    @Test
    void toString_neverShowsSecrets() {
        CoreConfig c = CoreConfig.fromEnvironment(Map.of("SG_JWT_SECRET", "top-secret-jwt-0123456789012345678901234",
                "SG_INTERNAL_SECRET", "top-secret-int-0123456789012345678901234", "SG_OPENAI_API_KEY", "sk-x"));
        assertThat(c.toString()).doesNotContain("top-secret").doesNotContain("sk-x");
    }
}
