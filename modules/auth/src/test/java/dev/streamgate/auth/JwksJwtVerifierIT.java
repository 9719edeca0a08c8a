package dev.streamgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.streamgate.auth.InvalidTokenException.Reason;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JwtVerifier in JWKS mode against a real HTTP server on an ephemeral port serving a generated JWK set. */
class JwksJwtVerifierIT {
    private static final String ISSUER = "https://idp.test";
    private static final String AUDIENCE = "streamgate-app";

    private static RSAKey key1;
    private static RSAKey key2;
    private static ECKey ecKey;

    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger status = new AtomicInteger(200);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private HttpServer server;
    private URI url;

    @BeforeAll
    static void generateKeys() throws JOSEException {
        key1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        key2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        publish(key1, ecKey);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void verify_tokenSignedByPublishedKey_isAcceptedAndTheSetIsCached() {
        JwtVerifier verifier = verifier(Duration.ofSeconds(10));

        assertThat(verifier.verify(rs256(key1, "user-1")).userId()).isEqualTo("user-1");
        assertThat(verifier.verify(rs256(key1, "user-2")).userId()).isEqualTo("user-2");
        assertThat(verifier.verify(es256("user-3")).userId()).isEqualTo("user-3");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void verify_afterKeyRotation_unknownKidTriggersOneRefetch() {
        JwtVerifier verifier = verifier(Duration.ZERO);
        verifier.verify(rs256(key1, "user-1"));
        publish(key2);

        assertThat(verifier.verify(rs256(key2, "user-1")).userId()).isEqualTo("user-1");
        assertThat(fetches).hasValue(2);
        assertReason(verifier, rs256(key1, "user-1"), Reason.UNKNOWN_KEY);
    }

    @Test
    void verify_unknownKidWithinMinInterval_doesNotRefetchAgain() {
        JwtVerifier verifier = verifier(Duration.ofSeconds(30));
        verifier.verify(rs256(key1, "user-1"));

        assertReason(verifier, rs256(key2, "user-1"), Reason.UNKNOWN_KEY);
        assertReason(verifier, rs256(key2, "user-1"), Reason.UNKNOWN_KEY);
        assertThat(fetches).hasValue(1);

        publish(key1, key2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(rs256(key2, "user-1")).userId()).isEqualTo("user-1");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void verify_tokenSignedByOtherKeyWithPublishedKid_refusesAsBadSignature() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();

        assertReason(verifier(Duration.ZERO), rs256(impostor, "user-1"), Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenJwksEndpointFails_throwsKeySetUnavailable() {
        status.set(500);

        assertThatThrownBy(() -> verifier(Duration.ZERO).verify(rs256(key1, "user-1")))
                .isInstanceOf(KeySetUnavailableException.class).hasMessageContaining("HTTP 500");
    }

    @Test
    void verify_whenHs256TokenMeetsJwksConfig_refusesAsUnsupportedAlgorithm() {
        String hs = TokenIssuer.forConfig(JwtConfig.builder().secret(JwtConfig.LOCAL_SECRET).issuer(ISSUER).audience(AUDIENCE)
                .clock(clock).build()).issue("user-1");

        assertReason(verifier(Duration.ZERO), hs, Reason.UNSUPPORTED_ALGORITHM);
        assertThat(fetches).hasValue(0);
    }

    @Test
    void verify_whenRefreshFailsAfterCacheExpiry_keepsUsingTheCachedKeys() {
        JwtVerifier verifier = JwtVerifier.create(JwtConfig.builder().jwksUrl(url).issuer(ISSUER).audience(AUDIENCE)
                .jwksCacheTtl(Duration.ofMinutes(5)).jwksMinRefetchInterval(Duration.ofSeconds(30)).clock(clock).build());
        verifier.verify(rs256(key1, "user-1"));
        status.set(503);
        clock.advance(Duration.ofMinutes(6));

        assertThat(verifier.verify(rs256(key1, "user-2")).userId()).isEqualTo("user-2");
        assertThat(verifier.verify(rs256(key1, "user-3")).userId()).isEqualTo("user-3");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void verify_whenFirstFetchFails_doesNotRetryWithinTheMinimumInterval() {
        status.set(500);
        JwtVerifier verifier = verifier(Duration.ofSeconds(30));
        assertThatThrownBy(() -> verifier.verify(rs256(key1, "user-1"))).isInstanceOf(KeySetUnavailableException.class);

        assertThatThrownBy(() -> verifier.verify(rs256(key1, "user-1"))).isInstanceOf(KeySetUnavailableException.class)
                .hasMessageContaining("not retried");
        assertThat(fetches).hasValue(1);

        status.set(200);
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(rs256(key1, "user-1")).userId()).isEqualTo("user-1");
    }

    private JwtVerifier verifier(Duration minRefetch) {
        return JwtVerifier.create(JwtConfig.builder().jwksUrl(url).issuer(ISSUER).audience(AUDIENCE)
                .jwksMinRefetchInterval(minRefetch).clock(clock).build());
    }

    private void publish(JWK... keys) {
        jwks.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private JWTClaimsSet claims(String subject) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(now.plusSeconds(300))).build();
    }

    private String rs256(RSAKey key, String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims(subject));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String es256(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ecKey.getKeyID()).build(), claims(subject));
            jwt.sign(new ECDSASigner(ecKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertReason(JwtVerifier verifier, String token, Reason expected) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(expected));
    }
}
