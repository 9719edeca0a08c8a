package dev.streamgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void fromAuthorizerContext_acceptsNumbersAndMissingScopes() {
        Principal principal = Principal.fromAuthorizerContext(Map.of("userId", "u-1", "issuer", "iss", "expiresAt", 1_764_072_000L));

        assertThat(principal).isEqualTo(new Principal("u-1", "iss", Instant.ofEpochSecond(1_764_072_000L), List.of()));
        assertThat(Principal.fromAuthorizerContext(Map.of("userId", "u-1", "expiresAt", "1764072000.0")).expiresAt())
                .isEqualTo(Instant.ofEpochSecond(1_764_072_000L));
    }

    @Test
    void fromAuthorizerContext_withoutUserId_explainsTheLikelyCause() {
        assertThatThrownBy(() -> Principal.fromAuthorizerContext(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authorizer");
    }

    @Test
    void toAuthorizerContext_holdsOnlyFlatStrings() {
        Map<String, String> context = new Principal("u-1", "iss", Instant.ofEpochSecond(10), List.of("a", "b")).toAuthorizerContext();

        assertThat(context).containsEntry("userId", "u-1").containsEntry("expiresAt", "10").containsEntry("scopes", "a b");
    }
}
