package dev.streamgate.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for HMAC signing of internal calls between the handlers and the core: the shared secret, the allowed
 * clock skew (also the replay window) and the size of the replay cache.
 *
 * <p>Immutable; build it with {@link #builder()} or {@link #fromEnvironment(Map)}.
 */
public final class SigningConfig {
    /** The secret used locally by default (never use it anywhere reachable). */
    public static final String LOCAL_SECRET = "local-internal-secret-change-me-0123456789";
    /** The shortest secret accepted. */
    public static final int MIN_SECRET_BYTES = 32;

    static final String ENV_SECRET = "SG_INTERNAL_SECRET";

    private final byte[] secret;
    private final Duration maxSkew;
    private final int replayCacheSize;
    private final Clock clock;

    private SigningConfig(Builder b) {
        if (b.secret == null || b.secret.length < MIN_SECRET_BYTES) {
            throw new AuthConfigException(ENV_SECRET + " must be at least " + MIN_SECRET_BYTES + " bytes (UTF-8); it is "
                    + (b.secret == null ? "unset" : b.secret.length + " bytes") + ". Use a long random value, the same for"
                    + " the handlers and the core.");
        }
        if (b.maxSkew == null || b.maxSkew.isNegative() || b.maxSkew.isZero()) {
            throw new AuthConfigException("maxSkew must be positive, was " + b.maxSkew + ".");
        }
        if (b.replayCacheSize < 1) {
            throw new AuthConfigException("replayCacheSize must be at least 1, was " + b.replayCacheSize + ".");
        }
        this.secret = b.secret.clone();
        this.maxSkew = b.maxSkew;
        this.replayCacheSize = b.replayCacheSize;
        this.clock = Objects.requireNonNull(b.clock, "clock");
    }

    /** A builder with a 60 s skew, a 100,000-entry replay cache and no secret yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code SG_INTERNAL_SECRET} (default: the local development secret). */
    public static SigningConfig fromEnvironment(Map<String, String> env) {
        String secret = env.get(ENV_SECRET);
        return builder().secret(secret == null || secret.isBlank() ? LOCAL_SECRET : secret.trim()).build();
    }

    /** The shared secret. */
    public byte[] secret() {
        return secret.clone();
    }

    /** The largest accepted |now - timestamp|; nonces are remembered this long. */
    public Duration maxSkew() {
        return maxSkew;
    }

    /** How many nonces are remembered at most (oldest forgotten first). */
    public int replayCacheSize() {
        return replayCacheSize;
    }

    /** The clock timestamps are made and checked with. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SigningConfig[secret=<" + secret.length + " bytes>, maxSkew=" + maxSkew + ", replayCacheSize="
                + replayCacheSize + "]";
    }

    /** Mutable builder for {@link SigningConfig}. */
    public static final class Builder {
        private byte[] secret;
        private Duration maxSkew = Duration.ofSeconds(60);
        private int replayCacheSize = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The shared secret (UTF-8, at least 32 bytes). */
        public Builder secret(String value) {
            this.secret = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The allowed clock skew and replay window (default 60 s). */
        public Builder maxSkew(Duration value) {
            this.maxSkew = value;
            return this;
        }

        /** The replay cache bound (default 100,000 nonces). */
        public Builder replayCacheSize(int value) {
            this.replayCacheSize = value;
            return this;
        }

        /** The clock (tests pass a controllable one). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Validates and builds; throws {@link AuthConfigException} naming what to fix. */
        public SigningConfig build() {
            return new SigningConfig(this);
        }
    }
}
