package dev.streamgate.infra;

import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The two secrets: the HMAC key signing core-handler calls and the HS256 JWT key. Generated at first
 * deploy; replace the JWT one with your identity provider's key (README). Never placed in plain env.
 */
final class AppSecrets extends Construct {
    final Secret internal;
    final Secret jwt;

    AppSecrets(Construct scope, String id) {
        super(scope, id);
        internal = Secret.Builder.create(this, "InternalSigningSecret")
                .description("streamgate: HMAC-SHA256 key signing /internal/v1 calls between the Lambdas and the core")
                .generateSecretString(generated())
                .build();
        jwt = Secret.Builder.create(this, "JwtSecret")
                .description("streamgate: HS256 key verifying client JWTs (authorizer and SSE endpoint)")
                .generateSecretString(generated())
                .build();
    }

    private static SecretStringGenerator generated() {
        // 64 alphanumerics = 380 bits: well above the 32-byte minimum HS256 and the signer require.
        return SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).includeSpace(false).build();
    }
}
