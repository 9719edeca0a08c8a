package dev.streamgate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints HS256 tokens that a secret-mode {@link JwtVerifier} with the same configuration accepts: for local use,
 * tests and the token {@code make run} prints. Production tokens come from the real identity provider.
 */
public final class TokenIssuer {
    /** Default lifetime of a minted token. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);

    private final MACSigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    private TokenIssuer(byte[] secret, String issuer, String audience, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new AuthConfigException("The HS256 secret is unusable (" + e.getMessage() + "); use at least "
                    + JwtConfig.MIN_SECRET_BYTES + " bytes.");
        }
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An issuer whose tokens pass a verifier built from the same secret-mode configuration. */
    public static TokenIssuer forConfig(JwtConfig config) {
        if (config.secret() == null) {
            throw new AuthConfigException("TokenIssuer needs secret mode (SG_JWT_SECRET); with SG_JWT_JWKS_URL tokens come"
                    + " from the identity provider.");
        }
        return new TokenIssuer(config.secret(), config.issuer(), config.audience(), config.clock());
    }

    /** A token for {@code userId} valid for {@link #DEFAULT_TTL}. */
    public String issue(String userId) {
        return issue(userId, DEFAULT_TTL, Map.of());
    }

    /** A token for {@code userId} valid for {@code ttl} (a negative ttl mints an already expired token, for tests). */
    public String issue(String userId, Duration ttl) {
        return issue(userId, ttl, Map.of());
    }

    /** A token for {@code userId} valid for {@code ttl}, with extra claims (which may override the standard ones). */
    public String issue(String userId, Duration ttl, Map<String, ?> extraClaims) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(Objects.requireNonNull(userId, "userId"))
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        extraClaims.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
