package dev.streamgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.streamgate.auth.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final JwtConfig config = JwtConfig.builder().secret(JwtConfig.LOCAL_SECRET).clock(clock).build();
    private final JwtVerifier verifier = JwtVerifier.create(config);
    private final TokenIssuer issuer = TokenIssuer.forConfig(config);

    @Test
    void verify_whenTokenIsGood_returnsPrincipalWithSubAndScopes() {
        String token = issuer.issue("user-1", Duration.ofMinutes(5), Map.of("scope", "chat:write chat:read"));

        Principal principal = verifier.verify("Bearer " + token);

        assertThat(principal.userId()).isEqualTo("user-1");
        assertThat(principal.issuer()).isEqualTo(JwtConfig.LOCAL_ISSUER);
        assertThat(principal.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(principal.scopes()).containsExactly("chat:write", "chat:read");
        assertThat(Principal.fromAuthorizerContext(principal.toAuthorizerContext())).isEqualTo(principal);
    }

    @Test
    void verify_whenExpiredBeyondSkew_refusesAsExpired() {
        String token = issuer.issue("u", Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(60 + 25));
        assertThat(verifier.verify(token).userId()).isEqualTo("u");

        clock.advance(Duration.ofSeconds(10));

        assertReason(token, Reason.EXPIRED);
    }

    @Test
    void verify_whenNotYetValid_refusesAsNotYetValid() {
        String token = hs256(claims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build());

        assertReason(token, Reason.NOT_YET_VALID);
    }

    @Test
    void verify_whenAudienceOrIssuerDiffer_refusesWithTheirReasons() {
        assertReason(hs256(claims().audience("someone-else").build()), Reason.WRONG_AUDIENCE);
        assertReason(hs256(claims().audience(List.of()).build()), Reason.WRONG_AUDIENCE);
        assertReason(hs256(claims().issuer("https://evil.example").build()), Reason.WRONG_ISSUER);
    }

    @Test
    void verify_cognitoAccessTokenWithClientIdInsteadOfAud_isAccepted() {
        String token = hs256(claims().audience(List.of()).claim("client_id", JwtConfig.LOCAL_AUDIENCE).build());

        assertThat(verifier.verify(token).userId()).isEqualTo("user-1");
    }

    @Test
    void verify_whenSubOrExpMissing_refusesAsMissingClaim() {
        assertReason(hs256(claims().subject(null).build()), Reason.MISSING_CLAIM);
        assertReason(hs256(claims().expirationTime(null).build()), Reason.MISSING_CLAIM);
    }

    @Test
    void verify_whenPayloadTampered_refusesAsBadSignature() {
        String[] parts = issuer.issue("user-1").split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("user-1", "admin-1").getBytes(StandardCharsets.UTF_8));

        assertReason(parts[0] + "." + forged + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenSignedWithAnotherSecret_refusesAsBadSignature() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        jwt.sign(new MACSigner("another-secret-that-is-long-enough-0123456789"));

        assertReason(jwt.serialize(), Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenAlgIsNone_refusesAsUnsupportedAlgorithm() {
        assertReason(new PlainJWT(claims().build()).serialize(), Reason.UNSUPPORTED_ALGORITHM);
        String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String[] parts = issuer.issue("u").split("\\.");
        assertReason(noneHeader + "." + parts[1] + "." + parts[2], Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verify_whenRs256TokenMeetsHs256Config_refusesAsUnsupportedAlgorithm() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims().build());
        jwt.sign(new RSASSASigner(rsa));

        assertReason(jwt.serialize(), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verify_whenHs512TokenMeetsHs256OnlyConfig_refusesAsUnsupportedAlgorithm() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims().build());
        jwt.sign(new MACSigner(JwtConfig.LOCAL_SECRET + JwtConfig.LOCAL_SECRET));

        assertReason(jwt.serialize(), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verify_whenTokenMissingOrGarbage_refusesAsMissingOrMalformed() {
        assertReason(null, Reason.MISSING);
        assertReason("  ", Reason.MISSING);
        assertReason("Bearer ", Reason.MISSING);
        assertReason("not-a-jwt", Reason.MALFORMED);
        assertReason("a.b.c", Reason.MALFORMED);
    }

    @Test
    void refusalMessages_neverContainTheToken() {
        String token = issuer.issue("u", Duration.ofSeconds(-600));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .message().doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().subject("user-1").issuer(JwtConfig.LOCAL_ISSUER).audience(JwtConfig.LOCAL_AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String hs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(JwtConfig.LOCAL_SECRET));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertReason(String token, Reason expected) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(expected));
    }
}
