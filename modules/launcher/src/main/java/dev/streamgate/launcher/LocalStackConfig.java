package dev.streamgate.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of the local stack; {@link #fromEnvironment(Map)} is the one place {@code SG_*} variables
 * are read for it. Every value has a default that works on a developer machine.
 *
 * <p>Variables the core and the handlers read themselves (for example {@code SG_HEARTBEAT_INTERVAL_MS},
 * {@code SG_SSE_BUDGET_MS}, {@code SG_ENGINE}) are passed through to them unchanged in {@link #passThrough()}.
 */
public final class LocalStackConfig {

    /** Local HS256 secret for client tokens (≥ 32 bytes), shared with the core and the authorizer. */
    public static final String DEFAULT_JWT_SECRET = "local-dev-secret-change-me-0123456789abcdef";
    /** Local HMAC secret for signed calls from the handlers to the core's internal API. */
    public static final String DEFAULT_INTERNAL_SECRET = "local-internal-secret-change-me-0123456789";

    private final String host;
    private final int gatewayPort;
    private final String stage;
    private final int corePort;
    private final int cores;
    private final int demoPort;
    private final Path demoDist;
    private final String dynamoDbEndpoint;
    private final Path dynaliteDir;
    private final String node;
    private final String jwtSecret;
    private final String jwtIssuer;
    private final String jwtAudience;
    private final String internalSecret;
    private final String tokenUser;
    private final Duration tokenTtl;
    private final Map<String, String> passThrough;

    private LocalStackConfig(Builder b) {
        this.host = b.host;
        this.gatewayPort = b.gatewayPort;
        this.stage = b.stage;
        this.corePort = b.corePort;
        this.cores = b.cores;
        this.demoPort = b.demoPort;
        this.demoDist = b.demoDist;
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
        this.dynaliteDir = b.dynaliteDir;
        this.node = b.node;
        this.jwtSecret = b.jwtSecret;
        this.jwtIssuer = b.jwtIssuer;
        this.jwtAudience = b.jwtAudience;
        this.internalSecret = b.internalSecret;
        this.tokenUser = b.tokenUser;
        this.tokenTtl = b.tokenTtl;
        this.passThrough = Map.copyOf(b.passThrough);
    }

    /** A builder with every default; ports default to the fixed ones {@code make run} prints. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder for tests: every port ephemeral (0), no demo page. */
    public static Builder ephemeral() {
        return new Builder().gatewayPort(0).corePort(0).demoPort(-1);
    }

    /**
     * Reads the {@code SG_*} variables the launcher itself understands; unknown {@code SG_*} variables are kept
     * in {@link #passThrough()} for the core and the handlers.
     *
     * @throws IllegalArgumentException naming the variable when a number does not parse
     */
    public static LocalStackConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String v;
        if ((v = env.get("SG_HOST")) != null) {
            b.host(v);
        }
        if ((v = env.get("SG_GATEWAY_PORT")) != null) {
            b.gatewayPort(intVar("SG_GATEWAY_PORT", v));
        }
        if ((v = env.get("SG_STAGE")) != null) {
            b.stage(v);
        }
        if ((v = env.get("SG_PORT")) != null) {
            b.corePort(intVar("SG_PORT", v));
        }
        if ((v = env.get("SG_CORES")) != null) {
            b.cores(intVar("SG_CORES", v));
        }
        if ((v = env.get("SG_DEMO_PORT")) != null) {
            b.demoPort(intVar("SG_DEMO_PORT", v));
        }
        if ((v = env.get("SG_DEMO_DIST")) != null) {
            b.demoDist(Path.of(v));
        }
        if ((v = env.get("SG_DYNAMODB_ENDPOINT")) != null && !v.isBlank()) {
            b.dynamoDbEndpoint(v);
        }
        if ((v = env.get("SG_DYNALITE_DIR")) != null) {
            b.dynaliteDir(Path.of(v));
        }
        if ((v = env.get("SG_NODE")) != null) {
            b.node(v);
        }
        if ((v = env.get("SG_JWT_SECRET")) != null) {
            b.jwtSecret(v);
        }
        if ((v = env.get("SG_JWT_ISSUER")) != null) {
            b.jwtIssuer(v);
        }
        if ((v = env.get("SG_JWT_AUDIENCE")) != null) {
            b.jwtAudience(v);
        }
        if ((v = env.get("SG_INTERNAL_SECRET")) != null) {
            b.internalSecret(v);
        }
        if ((v = env.get("SG_LOCAL_USER")) != null) {
            b.tokenUser(v);
        }
        if ((v = env.get("SG_LOCAL_TOKEN_TTL_S")) != null) {
            b.tokenTtl(Duration.ofSeconds(intVar("SG_LOCAL_TOKEN_TTL_S", v)));
        }
        Map<String, String> rest = new HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("SG_")) {
                rest.put(key, value);
            }
        });
        b.passThrough(rest);
        return b.build();
    }

    /**
     * {@code relative} resolved against the working directory or its nearest ancestor where it exists, so the
     * launcher works from the repository root and from a module folder (where Maven runs tests); else as given.
     */
    static Path findUp(Path relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (java.nio.file.Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return relative;
    }

    private static int intVar(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a whole number; unset it or give one", e);
        }
    }

    /** Host every listener binds to and every printed URL uses (default {@code 127.0.0.1}). */
    public String host() {
        return host;
    }

    /** Port of the local gateway: WebSocket and {@code @connections} (default 8090, 0 = ephemeral). */
    public int gatewayPort() {
        return gatewayPort;
    }

    /** Stage name in the WebSocket URL and the management path (default {@code local}). */
    public String stage() {
        return stage;
    }

    /** Port of the first core; core {@code i} listens on {@code corePort + i} (default 8080, 0 = ephemeral). */
    public int corePort() {
        return corePort;
    }

    /** Number of core instances (default 1). */
    public int cores() {
        return cores;
    }

    /** Port of the demo page server (default 8000, 0 = ephemeral, negative = no demo page server). */
    public int demoPort() {
        return demoPort;
    }

    /** The built demo page (default {@code frontend-adapter/demo/dist}); served only if it exists. */
    public Path demoDist() {
        return demoDist;
    }

    /** An external DynamoDB endpoint; {@code null} starts dynalite. */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** The folder holding dynalite's {@code server.js} (default {@code tools/dynalite}). */
    public Path dynaliteDir() {
        return dynaliteDir;
    }

    /** The Node.js command (default {@code node}). */
    public String node() {
        return node;
    }

    /** HS256 secret for client tokens. */
    public String jwtSecret() {
        return jwtSecret;
    }

    /** Issuer of client tokens (default {@code streamgate-local}). */
    public String jwtIssuer() {
        return jwtIssuer;
    }

    /** Audience of client tokens (default {@code streamgate}). */
    public String jwtAudience() {
        return jwtAudience;
    }

    /** HMAC secret of the internal API. */
    public String internalSecret() {
        return internalSecret;
    }

    /** Subject of the token the launcher mints and prints (default {@code local-user}). */
    public String tokenUser() {
        return tokenUser;
    }

    /** Lifetime of the printed token (default 24 hours). */
    public Duration tokenTtl() {
        return tokenTtl;
    }

    /** Every {@code SG_*} variable seen, handed on to the core and the handlers (the launcher's own win). */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().host(host).gatewayPort(gatewayPort).stage(stage).corePort(corePort).cores(cores)
                .demoPort(demoPort).demoDist(demoDist).dynamoDbEndpoint(dynamoDbEndpoint).dynaliteDir(dynaliteDir)
                .node(node).jwtSecret(jwtSecret).jwtIssuer(jwtIssuer).jwtAudience(jwtAudience)
                .internalSecret(internalSecret).tokenUser(tokenUser).tokenTtl(tokenTtl).passThrough(passThrough);
    }

    /** Builder of {@link LocalStackConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int gatewayPort = 8090;
        private String stage = "local";
        private int corePort = 8080;
        private int cores = 1;
        private int demoPort = 8000;
        private Path demoDist = findUp(Path.of("frontend-adapter", "demo", "dist"));
        private String dynamoDbEndpoint;
        private Path dynaliteDir = findUp(Path.of("tools", "dynalite"));
        private String node = "node";
        private String jwtSecret = DEFAULT_JWT_SECRET;
        private String jwtIssuer = "streamgate-local";
        private String jwtAudience = "streamgate";
        private String internalSecret = DEFAULT_INTERNAL_SECRET;
        private String tokenUser = "local-user";
        private Duration tokenTtl = Duration.ofHours(24);
        private Map<String, String> passThrough = new HashMap<>();

        private Builder() {
        }

        /** See {@link LocalStackConfig#host()}. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** See {@link LocalStackConfig#gatewayPort()}. */
        public Builder gatewayPort(int value) {
            this.gatewayPort = value;
            return this;
        }

        /** See {@link LocalStackConfig#stage()}. */
        public Builder stage(String value) {
            this.stage = Objects.requireNonNull(value, "stage");
            return this;
        }

        /** See {@link LocalStackConfig#corePort()}. */
        public Builder corePort(int value) {
            this.corePort = value;
            return this;
        }

        /** See {@link LocalStackConfig#cores()}. */
        public Builder cores(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("cores must be at least 1, was " + value);
            }
            this.cores = value;
            return this;
        }

        /** See {@link LocalStackConfig#demoPort()}. */
        public Builder demoPort(int value) {
            this.demoPort = value;
            return this;
        }

        /** See {@link LocalStackConfig#demoDist()}. */
        public Builder demoDist(Path value) {
            this.demoDist = Objects.requireNonNull(value, "demoDist");
            return this;
        }

        /** See {@link LocalStackConfig#dynamoDbEndpoint()}. */
        public Builder dynamoDbEndpoint(String value) {
            this.dynamoDbEndpoint = value;
            return this;
        }

        /** See {@link LocalStackConfig#dynaliteDir()}. */
        public Builder dynaliteDir(Path value) {
            this.dynaliteDir = Objects.requireNonNull(value, "dynaliteDir");
            return this;
        }

        /** See {@link LocalStackConfig#node()}. */
        public Builder node(String value) {
            this.node = Objects.requireNonNull(value, "node");
            return this;
        }

        /** See {@link LocalStackConfig#jwtSecret()}. */
        public Builder jwtSecret(String value) {
            this.jwtSecret = Objects.requireNonNull(value, "jwtSecret");
            return this;
        }

        /** See {@link LocalStackConfig#jwtIssuer()}. */
        public Builder jwtIssuer(String value) {
            this.jwtIssuer = Objects.requireNonNull(value, "jwtIssuer");
            return this;
        }

        /** See {@link LocalStackConfig#jwtAudience()}. */
        public Builder jwtAudience(String value) {
            this.jwtAudience = Objects.requireNonNull(value, "jwtAudience");
            return this;
        }

        /** See {@link LocalStackConfig#internalSecret()}. */
        public Builder internalSecret(String value) {
            this.internalSecret = Objects.requireNonNull(value, "internalSecret");
            return this;
        }

        /** See {@link LocalStackConfig#tokenUser()}. */
        public Builder tokenUser(String value) {
            this.tokenUser = Objects.requireNonNull(value, "tokenUser");
            return this;
        }

        /** See {@link LocalStackConfig#tokenTtl()}. */
        public Builder tokenTtl(Duration value) {
            this.tokenTtl = Objects.requireNonNull(value, "tokenTtl");
            return this;
        }

        /** Replaces the pass-through variables. */
        public Builder passThrough(Map<String, String> value) {
            this.passThrough = new HashMap<>(value);
            return this;
        }

        /** Adds or replaces one variable handed on to the core and the handlers (e.g. {@code SG_SSE_BUDGET_MS}). */
        public Builder put(String name, String value) {
            this.passThrough.put(name, value);
            return this;
        }

        /** The immutable settings. */
        public LocalStackConfig build() {
            return new LocalStackConfig(this);
        }
    }
}
