package dev.streamgate.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.streamgate.auth.InvalidTokenException.Reason;
import dev.streamgate.auth.internal.JwksKeySource;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs: signature (HS256 secret or a cached JWK set), algorithm allow-list, {@code exp} and
 * {@code nbf} with a small clock skew, issuer and audience. The same instance backs the SSE endpoint and the
 * WebSocket {@code $connect} authorizer.
 *
 * <p>Checks run signature first, claims after, so nothing about the claims leaks for a forged token. Thread-safe;
 * build one per process (the JWK set cache lives in it).
 */
public final class JwtVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private final JwtConfig config;
    private final JWSVerifier secretVerifier;
    private final JwksKeySource keySource;

    private JwtVerifier(JwtConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.secret() != null) {
            try {
                this.secretVerifier = new MACVerifier(config.secret());
            } catch (JOSEException e) {
                throw new AuthConfigException("The HS256 secret is unusable: " + e.getMessage());
            }
            this.keySource = null;
        } else {
            this.secretVerifier = null;
            this.keySource = new JwksKeySource(config.jwksUrl(), config.jwksCacheTtl(), config.jwksMinRefetchInterval(),
                    config.jwksTimeout(), config.clock());
        }
    }

    /** Creates a verifier for the given configuration. */
    public static JwtVerifier create(JwtConfig config) {
        return new JwtVerifier(config);
    }

    /** The configuration this verifier enforces. */
    public JwtConfig config() {
        return config;
    }

    /**
     * Verifies a compact JWT (a leading {@code Bearer } is stripped) and returns its principal.
     *
     * @throws InvalidTokenException if the token is refused, with the reason
     * @throws KeySetUnavailableException if the JWK set cannot be fetched (not the caller's fault)
     */
    public Principal verify(String token) {
        String compact = strip(token);
        if (compact == null) {
            throw refuse(Reason.MISSING, "No bearer token: send 'Authorization: Bearer <jwt>' (or the"
                    + " token query parameter on the WebSocket URL).");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(compact);
        } catch (ParseException e) {
            if (isAlgNone(compact)) {
                throw refuse(Reason.UNSUPPORTED_ALGORITHM, "Unsigned (alg none) JWTs are never accepted.");
            }
            throw refuse(Reason.MALFORMED, "The token is not a JWT (" + e.getMessage() + ").");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw refuse(Reason.UNSUPPORTED_ALGORITHM, "Unsigned (alg none) and encrypted JWTs are"
                    + " never accepted; sign the token with one of " + config.algorithms() + ".");
        }
        JWSHeader header = signed.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!config.algorithms().contains(alg)) {
            throw refuse(Reason.UNSUPPORTED_ALGORITHM, "The token is signed with " + alg
                    + ", but this service accepts only " + config.algorithms() + ".");
        }
        verifySignature(signed, header);
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refuse(Reason.MALFORMED, "The token's claims are not a JSON object (" + e.getMessage() + ").");
        }
        return checkClaims(claims);
    }

    private void verifySignature(SignedJWT signed, JWSHeader header) {
        if (secretVerifier != null) {
            if (!verifyWith(signed, secretVerifier)) {
                throw refuse(Reason.BAD_SIGNATURE, "The token's signature does not match the configured"
                        + " HS256 secret (SG_JWT_SECRET); was it issued for another environment or altered?");
            }
            return;
        }
        List<JWK> candidates = keySource.candidates(header.getKeyID());
        if (candidates.isEmpty()) {
            throw refuse(Reason.UNKNOWN_KEY, "No key in the JWK set has the token's key id '"
                    + header.getKeyID() + "'; the token comes from another issuer or a retired key.");
        }
        for (JWK key : candidates) {
            JWSVerifier verifier = verifierFor(key, header.getAlgorithm());
            if (verifier != null && verifyWith(signed, verifier)) {
                return;
            }
        }
        throw refuse(Reason.BAD_SIGNATURE, "The token's signature does not verify with the key '"
                + header.getKeyID() + "' from the JWK set; was it altered?");
    }

    private static JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return null;
        }
        try {
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                return new ECDSAVerifier(ec);
            }
        } catch (JOSEException e) {
            LOG.warn("jwks key unusable kid={} problem={}", key.getKeyID(), e.getMessage());
        }
        return null;
    }

    private static boolean verifyWith(SignedJWT signed, JWSVerifier verifier) {
        try {
            return signed.verify(verifier);
        } catch (JOSEException e) {
            // a key/algorithm mismatch (e.g. RSA key too short) means "does not verify" for this key
            LOG.debug("jwt verify failed problem={}", e.getMessage());
            return false;
        }
    }

    private Principal checkClaims(JWTClaimsSet claims) {
        Instant now = config.clock().instant();
        long skew = config.clockSkew().toSeconds();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw refuse(Reason.MISSING_CLAIM, "The token has no 'exp' claim; tokens must expire.");
        }
        if (exp.toInstant().plusSeconds(skew).isBefore(now)) {
            throw refuse(Reason.EXPIRED, "The token expired at " + exp.toInstant() + "; get a new one.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minusSeconds(skew).isAfter(now)) {
            throw refuse(Reason.NOT_YET_VALID, "The token is not valid before " + nbf.toInstant()
                    + "; check the issuer's clock.");
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            throw refuse(Reason.WRONG_ISSUER, "The token's issuer '" + claims.getIssuer()
                    + "' is not the configured issuer '" + config.issuer() + "' (SG_JWT_ISSUER).");
        }
        List<String> audience = claims.getAudience();
        boolean audienceOk = audience.isEmpty() ? config.audience().equals(stringClaim(claims, "client_id"))
                : audience.contains(config.audience());
        if (!audienceOk) {
            throw refuse(Reason.WRONG_AUDIENCE, "The token is for audience " + audience
                    + ", not '" + config.audience() + "' (SG_JWT_AUDIENCE).");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw refuse(Reason.MISSING_CLAIM, "The token has no 'sub' claim naming the user.");
        }
        return new Principal(subject, claims.getIssuer(), exp.toInstant(), scopes(claims));
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            scope = claims.getClaim("scp");
        }
        if (scope instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
        }
        if (scope instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static InvalidTokenException refuse(Reason reason, String message) {
        LOG.debug("jwt refused reason={}", reason.wireName());
        return new InvalidTokenException(reason, message);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value ? value : null;
    }

    private static String strip(String token) {
        if (token == null) {
            return null;
        }
        String trimmed = token.trim();
        if (trimmed.regionMatches(true, 0, "Bearer", 0, 6)
                && (trimmed.length() == 6 || Character.isWhitespace(trimmed.charAt(6)))) {
            trimmed = trimmed.substring(6).trim();
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static boolean isAlgNone(String compact) {
        int dot = compact.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            return Algorithm.NONE.equals(Header.parse(new Base64URL(compact.substring(0, dot))).getAlgorithm());
        } catch (ParseException e) {
            return false;
        }
    }
}
