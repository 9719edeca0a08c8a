package dev.streamgate.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How bearer JWTs are checked: either an HS256 shared secret (local use) or a JWKS URL (production, e.g. Cognito),
 * plus the issuer, audience, algorithm allow-list and clock skew.
 *
 * <p>Immutable; build it with {@link #builder()} or read it from the environment with {@link #fromEnvironment(Map)}.
 */
public final class JwtConfig {
    /** Issuer used locally and by {@link TokenIssuer} by default. */
    public static final String LOCAL_ISSUER = "streamgate-local";
    /** Audience used locally by default. */
    public static final String LOCAL_AUDIENCE = "streamgate";
    /** HS256 secret used locally by default (never use it anywhere reachable). */
    public static final String LOCAL_SECRET = "local-dev-secret-change-me-0123456789abcdef";
    /** The shortest HS256 secret accepted (RFC 7518 section 3.2: at least the hash size). */
    public static final int MIN_SECRET_BYTES = 32;

    static final String ENV_SECRET = "SG_JWT_SECRET";
    static final String ENV_JWKS_URL = "SG_JWT_JWKS_URL";
    static final String ENV_ISSUER = "SG_JWT_ISSUER";
    static final String ENV_AUDIENCE = "SG_JWT_AUDIENCE";
    static final String ENV_ALGORITHMS = "SG_JWT_ALGORITHMS";
    static final String ENV_CLOCK_SKEW = "SG_JWT_CLOCK_SKEW_SECONDS";
    static final String ENV_JWKS_CACHE = "SG_JWT_JWKS_CACHE_SECONDS";

    private static final List<JWSAlgorithm> SECRET_DEFAULT_ALGORITHMS = List.of(JWSAlgorithm.HS256);
    private static final List<JWSAlgorithm> JWKS_DEFAULT_ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final byte[] secret;
    private final URI jwksUrl;
    private final String issuer;
    private final String audience;
    private final Set<JWSAlgorithm> algorithms;
    private final Duration clockSkew;
    private final Duration jwksCacheTtl;
    private final Duration jwksMinRefetchInterval;
    private final Duration jwksTimeout;
    private final Clock clock;

    private JwtConfig(Builder b) {
        if ((b.secret == null) == (b.jwksUrl == null)) {
            throw new AuthConfigException("Configure exactly one way to check JWTs: " + ENV_SECRET + " (HS256, local use) or "
                    + ENV_JWKS_URL + " (production); " + (b.secret == null ? "neither is set." : "both are set."));
        }
        if (b.secret != null && b.secret.length < MIN_SECRET_BYTES) {
            throw new AuthConfigException(ENV_SECRET + " must be at least " + MIN_SECRET_BYTES + " bytes (UTF-8) for HS256; it is "
                    + b.secret.length + ". Use a long random value.");
        }
        if (b.jwksUrl != null && !("https".equals(b.jwksUrl.getScheme()) || "http".equals(b.jwksUrl.getScheme()))) {
            throw new AuthConfigException(ENV_JWKS_URL + " must be an http(s) URL, e.g. "
                    + "https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json");
        }
        this.secret = b.secret == null ? null : b.secret.clone();
        this.jwksUrl = b.jwksUrl;
        this.issuer = requireText(b.issuer, ENV_ISSUER);
        this.audience = requireText(b.audience, ENV_AUDIENCE);
        List<JWSAlgorithm> algs = b.algorithms != null ? b.algorithms
                : (secret != null ? SECRET_DEFAULT_ALGORITHMS : JWKS_DEFAULT_ALGORITHMS);
        for (JWSAlgorithm alg : algs) {
            boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(alg);
            boolean asymmetric = JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg);
            if (secret != null ? !hmac : !asymmetric) {
                throw new AuthConfigException(ENV_ALGORITHMS + " lists " + alg + ", which does not fit "
                        + (secret != null ? "a shared secret (use HS256)" : "a JWK set (use RS256, RS384, RS512, PS256, ES256, ...)"));
            }
        }
        if (algs.isEmpty()) {
            throw new AuthConfigException(ENV_ALGORITHMS + " must list at least one algorithm.");
        }
        this.algorithms = Set.copyOf(new LinkedHashSet<>(algs));
        this.clockSkew = requireNonNegative(b.clockSkew, ENV_CLOCK_SKEW);
        this.jwksCacheTtl = requireNonNegative(b.jwksCacheTtl, ENV_JWKS_CACHE);
        this.jwksMinRefetchInterval = requireNonNegative(b.jwksMinRefetchInterval, "jwksMinRefetchInterval");
        this.jwksTimeout = requireNonNegative(b.jwksTimeout, "jwksTimeout");
        this.clock = Objects.requireNonNull(b.clock, "clock");
    }

    /** A builder with the local defaults for issuer and audience and no key source yet. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code SG_JWT_*} variables: {@code SG_JWT_JWKS_URL} if set selects JWKS mode, otherwise
     * {@code SG_JWT_SECRET} (default: the local development secret) selects HS256. Setting both is an error.
     */
    public static JwtConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String jwksUrl = trimmed(env.get(ENV_JWKS_URL));
        String secret = trimmed(env.get(ENV_SECRET));
        if (jwksUrl != null) {
            try {
                b.jwksUrl(URI.create(jwksUrl));
            } catch (IllegalArgumentException e) {
                throw new AuthConfigException(ENV_JWKS_URL + " is not a valid URL: " + e.getMessage());
            }
            if (secret != null) {
                b.secret(secret);
            }
        } else {
            b.secret(secret != null ? secret : LOCAL_SECRET);
        }
        String issuer = trimmed(env.get(ENV_ISSUER));
        if (issuer != null) {
            b.issuer(issuer);
        }
        String audience = trimmed(env.get(ENV_AUDIENCE));
        if (audience != null) {
            b.audience(audience);
        }
        String algorithms = trimmed(env.get(ENV_ALGORITHMS));
        if (algorithms != null) {
            b.algorithms(Arrays.stream(algorithms.split("[,\\s]+")).filter(s -> !s.isEmpty()).map(JWSAlgorithm::parse).toList());
        }
        Long skew = seconds(env, ENV_CLOCK_SKEW);
        if (skew != null) {
            b.clockSkew(Duration.ofSeconds(skew));
        }
        Long cache = seconds(env, ENV_JWKS_CACHE);
        if (cache != null) {
            b.jwksCacheTtl(Duration.ofSeconds(cache));
        }
        return b.build();
    }

    /** The HS256 secret, or null in JWKS mode. */
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /** The JWK set URL, or null in secret mode. */
    public URI jwksUrl() {
        return jwksUrl;
    }

    /** The required {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** The required audience ({@code aud}, or {@code client_id} for tokens without {@code aud}). */
    public String audience() {
        return audience;
    }

    /** The accepted {@code alg} values. */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** How far {@code exp} and {@code nbf} may be off. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** How long a fetched JWK set is used before it is fetched again. */
    public Duration jwksCacheTtl() {
        return jwksCacheTtl;
    }

    /** The least time between two fetches triggered by an unknown {@code kid} (stops a refetch storm). */
    public Duration jwksMinRefetchInterval() {
        return jwksMinRefetchInterval;
    }

    /** Connect and read timeout for the JWK set fetch. */
    public Duration jwksTimeout() {
        return jwksTimeout;
    }

    /** The clock tokens are checked against. */
    public Clock clock() {
        return clock;
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.secret = secret == null ? null : secret.clone();
        b.jwksUrl = jwksUrl;
        b.issuer = issuer;
        b.audience = audience;
        b.algorithms = List.copyOf(algorithms);
        b.clockSkew = clockSkew;
        b.jwksCacheTtl = jwksCacheTtl;
        b.jwksMinRefetchInterval = jwksMinRefetchInterval;
        b.jwksTimeout = jwksTimeout;
        b.clock = clock;
        return b;
    }

    @Override
    public String toString() {
        return "JwtConfig[mode=" + (secret != null ? "hs256-secret" : "jwks " + jwksUrl) + ", issuer=" + issuer
                + ", audience=" + audience + ", algorithms=" + algorithms + ", clockSkew=" + clockSkew + "]";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new AuthConfigException(name + " must not be empty.");
        }
        return value;
    }

    private static Duration requireNonNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new AuthConfigException(name + " must be zero or more, was " + value + ".");
        }
        return value;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Long seconds(Map<String, String> env, String name) {
        String value = trimmed(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AuthConfigException(name + " must be a whole number of seconds, was '" + value + "'.");
        }
    }

    /** Mutable builder for {@link JwtConfig}. */
    public static final class Builder {
        private byte[] secret;
        private URI jwksUrl;
        private String issuer = LOCAL_ISSUER;
        private String audience = LOCAL_AUDIENCE;
        private List<JWSAlgorithm> algorithms;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksMinRefetchInterval = Duration.ofSeconds(10);
        private Duration jwksTimeout = Duration.ofSeconds(3);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** HS256 mode with this secret (UTF-8, at least 32 bytes). */
        public Builder secret(String value) {
            this.secret = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** HS256 mode with this secret (at least 32 bytes). */
        public Builder secret(byte[] value) {
            this.secret = value == null ? null : value.clone();
            return this;
        }

        /** JWKS mode with this URL. */
        public Builder jwksUrl(URI value) {
            this.jwksUrl = value;
            return this;
        }

        /** The required issuer (default {@code streamgate-local}). */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** The required audience (default {@code streamgate}). */
        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        /** The accepted algorithms (default HS256 with a secret, RS256 and ES256 with JWKS). */
        public Builder algorithms(List<JWSAlgorithm> value) {
            this.algorithms = value == null ? null : List.copyOf(value);
            return this;
        }

        /** Allowed clock skew for {@code exp}/{@code nbf} (default 30 s). */
        public Builder clockSkew(Duration value) {
            this.clockSkew = value;
            return this;
        }

        /** JWK set cache lifetime (default 5 min). */
        public Builder jwksCacheTtl(Duration value) {
            this.jwksCacheTtl = value;
            return this;
        }

        /** Least time between refetches for unknown key ids (default 10 s). */
        public Builder jwksMinRefetchInterval(Duration value) {
            this.jwksMinRefetchInterval = value;
            return this;
        }

        /** Timeout for fetching the JWK set (default 3 s). */
        public Builder jwksTimeout(Duration value) {
            this.jwksTimeout = value;
            return this;
        }

        /** The clock (tests pass a fixed one). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Validates and builds; throws {@link AuthConfigException} naming what to fix. */
        public JwtConfig build() {
            return new JwtConfig(this);
        }
    }
}
