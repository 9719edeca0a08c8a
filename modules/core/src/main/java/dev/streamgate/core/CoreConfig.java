package dev.streamgate.core;

import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable configuration of the streaming core, read from the environment in exactly one place
 * ({@link #fromEnvironment(Map)}) or built in code with {@link #builder()}.
 *
 * @param host interface to bind ({@code SG_HOST})
 * @param port port to bind, 0 for an ephemeral one ({@code SG_PORT})
 * @param engine chat engine: {@code demo}, {@code upstream-sse} or {@code openai} ({@code SG_ENGINE})
 * @param heartbeatInterval silence after which a heartbeat is sent ({@code SG_HEARTBEAT_INTERVAL_MS})
 * @param sseBudget SSE response budget before a {@code handoff}; zero means none ({@code SG_SSE_BUDGET_MS})
 * @param gracePeriod how long a stream without a sink keeps running ({@code SG_GRACE_PERIOD_MS})
 * @param replayMaxBytes replay buffer bound in UTF-8 bytes of serialized events ({@code SG_REPLAY_MAX_BYTES})
 * @param replayMaxEvents replay buffer bound in events ({@code SG_REPLAY_MAX_EVENTS})
 * @param replayPoolBytes free replay segments kept for reuse by new streams, in bytes ({@code SG_REPLAY_POOL_BYTES};
 *     default a sixteenth of the maximum heap, 0 keeps none)
 * @param coalesceWindow WebSocket coalescing window ({@code SG_COALESCE_WINDOW_MS})
 * @param sseCoalesceWindow SSE coalescing window, zero sends each engine output at once
 *     ({@code SG_SSE_COALESCE_WINDOW_MS}; 20 ms by default: a reader sees no difference, and at 100 tokens/s it
 *     halves the writes, a quarter of the CPU at 500 streams)
 * @param coalesceMaxBytes chunk text size that is sent at once without waiting for the window
 *     ({@code SG_COALESCE_MAX_BYTES})
 * @param maxRequestBytes largest accepted request body ({@code SG_MAX_REQUEST_BYTES})
 * @param jwt bearer token verification: HS256 secret or JWKS URL, issuer, audience ({@code SG_JWT_*}, read by
 *     {@link JwtConfig#fromEnvironment})
 * @param upstreamUrl URL the {@code upstream-sse} engine posts to ({@code SG_UPSTREAM_URL})
 * @param upstreamTextPath dot path of the text field in each upstream event ({@code SG_UPSTREAM_TEXT_PATH})
 * @param upstreamIdleTimeout upstream silence that ends a stream with an error ({@code SG_UPSTREAM_IDLE_TIMEOUT_MS})
 * @param openAiBaseUrl base URL of an OpenAI-compatible API ({@code SG_OPENAI_BASE_URL})
 * @param openAiApiKey API key, may be empty ({@code SG_OPENAI_API_KEY})
 * @param openAiModel model name ({@code SG_OPENAI_MODEL})
 * @param signing internal API signatures ({@code SG_INTERNAL_SECRET}, read by {@link SigningConfig#fromEnvironment})
 * @param advertisedUrl address other instances reach this one at; empty means derive it ({@code SG_ADVERTISED_URL})
 * @param ecsMetadataUri ECS task metadata endpoint, empty outside ECS ({@code ECS_CONTAINER_METADATA_URI_V4})
 * @param awsRegion region for AWS clients ({@code SG_AWS_REGION})
 * @param managementHttpClient HTTP client of the {@code @connections} sink: {@code apache}, {@code url} or
 *     {@code crt} ({@code SG_MANAGEMENT_HTTP_CLIENT})
 * @param managementMaxConnections connection pool size of that client ({@code SG_MANAGEMENT_MAX_CONNECTIONS})
 * @param postMaxAttempts attempts per {@code @connections} post before the stream ends ({@code SG_POST_MAX_ATTEMPTS})
 * @param managementTimeout how long one {@code @connections} post may move no bytes before it fails and is retried
 *     ({@code SG_MANAGEMENT_TIMEOUT_MS}; the CRT client's health check counts in whole seconds, at least 2)
 * @param dynamoDbEndpoint DynamoDB endpoint override, empty for AWS ({@code SG_DYNAMODB_ENDPOINT})
 * @param streamsTable table of stream records, empty disables them ({@code SG_STREAMS_TABLE})
 */
public record CoreConfig(
        String host,
        int port,
        String engine,
        Duration heartbeatInterval,
        Duration sseBudget,
        Duration gracePeriod,
        long replayMaxBytes,
        int replayMaxEvents,
        long replayPoolBytes,
        Duration coalesceWindow,
        Duration sseCoalesceWindow,
        int coalesceMaxBytes,
        int maxRequestBytes,
        JwtConfig jwt,
        String upstreamUrl,
        String upstreamTextPath,
        Duration upstreamIdleTimeout,
        String openAiBaseUrl,
        String openAiApiKey,
        String openAiModel,
        SigningConfig signing,
        String advertisedUrl,
        String ecsMetadataUri,
        String awsRegion,
        String managementHttpClient,
        int managementMaxConnections,
        int postMaxAttempts,
        Duration managementTimeout,
        String dynamoDbEndpoint,
        String streamsTable) {

    /** Validates the values; see {@link InvalidConfigException} for what is refused. */
    public CoreConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(signing, "signing");
        if (port < 0 || port > 65535) {
            throw new InvalidConfigException("SG_PORT must be between 0 and 65535 (0 = ephemeral), got " + port);
        }
        if (!engine.equals("demo") && !engine.equals("upstream-sse") && !engine.equals("openai")) {
            throw new InvalidConfigException("SG_ENGINE must be demo, upstream-sse or openai, got '" + engine + "'");
        }
        if (engine.equals("upstream-sse") && upstreamUrl.isEmpty()) {
            throw new InvalidConfigException("SG_ENGINE=upstream-sse needs SG_UPSTREAM_URL (the SSE backend to relay)");
        }
        positive("SG_HEARTBEAT_INTERVAL_MS", heartbeatInterval);
        positive("SG_UPSTREAM_IDLE_TIMEOUT_MS", upstreamIdleTimeout);
        if (replayMaxBytes < 1 || replayMaxEvents < 1) {
            throw new InvalidConfigException("SG_REPLAY_MAX_BYTES and SG_REPLAY_MAX_EVENTS must be at least 1");
        }
        if (replayPoolBytes < 0) {
            throw new InvalidConfigException("SG_REPLAY_POOL_BYTES must be 0 (keep none) or more, got " + replayPoolBytes);
        }
        if (coalesceMaxBytes < 1 || coalesceMaxBytes > 24_000) {
            throw new InvalidConfigException("SG_COALESCE_MAX_BYTES must be between 1 and 24000 so a chunk fits one 32 KB frame");
        }
        if (!managementHttpClient.equals("apache") && !managementHttpClient.equals("url") && !managementHttpClient.equals("crt")) {
            throw new InvalidConfigException("SG_MANAGEMENT_HTTP_CLIENT must be apache, url or crt, got '" + managementHttpClient + "'");
        }
        if (postMaxAttempts < 1) {
            throw new InvalidConfigException("SG_POST_MAX_ATTEMPTS must be at least 1");
        }
        if (managementTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigException("SG_MANAGEMENT_TIMEOUT_MS must be at least 1000");
        }
        if (!advertisedUrl.isEmpty()) {
            try {
                URI.create(advertisedUrl).toURL();
            } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                throw new InvalidConfigException("SG_ADVERTISED_URL must be an absolute http(s) URL, got '" + advertisedUrl + "'");
            }
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(name + " must be a positive number of milliseconds");
        }
    }

    /** The defaults: everything works locally with the demo engine. */
    public static CoreConfig defaults() {
        return builder().build();
    }

    /** A builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Like the record's own, but secrets are redacted so the configuration can be logged. */
    @Override
    public String toString() {
        return "CoreConfig[host=" + host + ", port=" + port + ", engine=" + engine + ", heartbeatInterval=" + heartbeatInterval
                + ", sseBudget=" + sseBudget + ", gracePeriod=" + gracePeriod + ", coalesceWindow=" + coalesceWindow
                + ", jwt=" + jwt + ", signing=" + signing
                + ", upstreamUrl=" + upstreamUrl + ", openAiBaseUrl=" + openAiBaseUrl + ", openAiModel=" + openAiModel
                + ", advertisedUrl=" + advertisedUrl + ", managementHttpClient=" + managementHttpClient
                + ", secrets=<redacted>]";
    }

    /** Whether the SSE endpoint ends long responses with a {@code handoff}. */
    public boolean sseBudgetEnabled() {
        return !sseBudget.isZero();
    }

    /**
     * Reads the configuration from environment variables ({@code SG_*} and {@code ECS_CONTAINER_METADATA_URI_V4});
     * the one place the core looks at its environment.
     */
    public static CoreConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        CoreConfig d = defaults();
        return builder()
                .jwt(JwtConfig.fromEnvironment(env))
                .signing(SigningConfig.fromEnvironment(env))
                .host(e.string("SG_HOST", d.host))
                .port(e.integer("SG_PORT", d.port))
                .engine(e.string("SG_ENGINE", d.engine))
                .heartbeatInterval(e.millis("SG_HEARTBEAT_INTERVAL_MS", d.heartbeatInterval))
                .sseBudget(e.millis("SG_SSE_BUDGET_MS", d.sseBudget))
                .gracePeriod(e.millis("SG_GRACE_PERIOD_MS", d.gracePeriod))
                .replayMaxBytes(e.integer("SG_REPLAY_MAX_BYTES", (int) d.replayMaxBytes))
                .replayMaxEvents(e.integer("SG_REPLAY_MAX_EVENTS", d.replayMaxEvents))
                .replayPoolBytes(e.integer("SG_REPLAY_POOL_BYTES", (int) Math.min(Integer.MAX_VALUE, d.replayPoolBytes)))
                .coalesceWindow(e.millis("SG_COALESCE_WINDOW_MS", d.coalesceWindow))
                .sseCoalesceWindow(e.millis("SG_SSE_COALESCE_WINDOW_MS", d.sseCoalesceWindow))
                .coalesceMaxBytes(e.integer("SG_COALESCE_MAX_BYTES", d.coalesceMaxBytes))
                .maxRequestBytes(e.integer("SG_MAX_REQUEST_BYTES", d.maxRequestBytes))
                .upstreamUrl(e.string("SG_UPSTREAM_URL", d.upstreamUrl))
                .upstreamTextPath(e.string("SG_UPSTREAM_TEXT_PATH", d.upstreamTextPath))
                .upstreamIdleTimeout(e.millis("SG_UPSTREAM_IDLE_TIMEOUT_MS", d.upstreamIdleTimeout))
                .openAiBaseUrl(e.string("SG_OPENAI_BASE_URL", d.openAiBaseUrl))
                .openAiApiKey(e.string("SG_OPENAI_API_KEY", d.openAiApiKey))
                .openAiModel(e.string("SG_OPENAI_MODEL", d.openAiModel))
                .advertisedUrl(e.string("SG_ADVERTISED_URL", d.advertisedUrl))
                .ecsMetadataUri(e.string("ECS_CONTAINER_METADATA_URI_V4", d.ecsMetadataUri))
                .awsRegion(e.string("SG_AWS_REGION", e.string("AWS_REGION", d.awsRegion)))
                .managementHttpClient(e.string("SG_MANAGEMENT_HTTP_CLIENT", d.managementHttpClient))
                .managementMaxConnections(e.integer("SG_MANAGEMENT_MAX_CONNECTIONS", d.managementMaxConnections))
                .postMaxAttempts(e.integer("SG_POST_MAX_ATTEMPTS", d.postMaxAttempts))
                .managementTimeout(e.millis("SG_MANAGEMENT_TIMEOUT_MS", d.managementTimeout))
                .dynamoDbEndpoint(e.string("SG_DYNAMODB_ENDPOINT", d.dynamoDbEndpoint))
                .streamsTable(e.string("SG_STREAMS_TABLE", d.streamsTable))
                .build();
    }

    private record Env(Map<String, String> env) {
        String string(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String name, int fallback) {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(name + " must be an integer, got '" + value + "'");
            }
        }

        Duration millis(String name, Duration fallback) {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                long ms = Long.parseLong(value);
                if (ms < 0) {
                    throw new InvalidConfigException(name + " must be zero or a positive number of milliseconds, got " + ms);
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(name + " must be a number of milliseconds, got '" + value + "'");
            }
        }
    }

    /** Builder of {@link CoreConfig}; every setter has a local default. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String engine = "demo";
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration sseBudget = Duration.ZERO;
        private Duration gracePeriod = Duration.ofSeconds(30);
        private long replayMaxBytes = 1024 * 1024;
        private int replayMaxEvents = 10_000;
        private long replayPoolBytes = Runtime.getRuntime().maxMemory() / 16;
        private Duration coalesceWindow = Duration.ofMillis(50);
        private Duration sseCoalesceWindow = Duration.ofMillis(20);
        private int coalesceMaxBytes = 16 * 1024;
        private int maxRequestBytes = 131_072;
        private JwtConfig jwt = JwtConfig.fromEnvironment(Map.of());
        private String upstreamUrl = "";
        private String upstreamTextPath = "text";
        private Duration upstreamIdleTimeout = Duration.ofSeconds(60);
        private String openAiBaseUrl = "http://127.0.0.1:11434";
        private String openAiApiKey = "";
        private String openAiModel = "llama3.2";
        private SigningConfig signing = SigningConfig.fromEnvironment(Map.of());
        private String advertisedUrl = "";
        private String ecsMetadataUri = "";
        private String awsRegion = "us-east-1";
        private String managementHttpClient = "crt";
        private int managementMaxConnections = 512;
        private int postMaxAttempts = 6;
        private Duration managementTimeout = Duration.ofSeconds(5);
        private String dynamoDbEndpoint = "";
        private String streamsTable = "";

        private Builder() {
        }

        private Builder(CoreConfig c) {
            host = c.host;
            port = c.port;
            engine = c.engine;
            heartbeatInterval = c.heartbeatInterval;
            sseBudget = c.sseBudget;
            gracePeriod = c.gracePeriod;
            replayMaxBytes = c.replayMaxBytes;
            replayMaxEvents = c.replayMaxEvents;
            replayPoolBytes = c.replayPoolBytes;
            coalesceWindow = c.coalesceWindow;
            sseCoalesceWindow = c.sseCoalesceWindow;
            coalesceMaxBytes = c.coalesceMaxBytes;
            maxRequestBytes = c.maxRequestBytes;
            jwt = c.jwt;
            upstreamUrl = c.upstreamUrl;
            upstreamTextPath = c.upstreamTextPath;
            upstreamIdleTimeout = c.upstreamIdleTimeout;
            openAiBaseUrl = c.openAiBaseUrl;
            openAiApiKey = c.openAiApiKey;
            openAiModel = c.openAiModel;
            signing = c.signing;
            advertisedUrl = c.advertisedUrl;
            ecsMetadataUri = c.ecsMetadataUri;
            awsRegion = c.awsRegion;
            managementHttpClient = c.managementHttpClient;
            managementMaxConnections = c.managementMaxConnections;
            postMaxAttempts = c.postMaxAttempts;
            managementTimeout = c.managementTimeout;
            dynamoDbEndpoint = c.dynamoDbEndpoint;
            streamsTable = c.streamsTable;
        }

        /** Sets {@code host}. */
        public Builder host(String v) {
            host = v;
            return this;
        }

        /** Sets {@code port}; 0 binds an ephemeral port. */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** Sets {@code engine}. */
        public Builder engine(String v) {
            engine = v;
            return this;
        }

        /** Sets {@code heartbeatInterval}. */
        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        /** Sets {@code sseBudget}; zero disables it. */
        public Builder sseBudget(Duration v) {
            sseBudget = v;
            return this;
        }

        /** Sets {@code gracePeriod}. */
        public Builder gracePeriod(Duration v) {
            gracePeriod = v;
            return this;
        }

        /** Sets {@code replayMaxBytes}. */
        public Builder replayMaxBytes(long v) {
            replayMaxBytes = v;
            return this;
        }

        /** Sets {@code replayPoolBytes}. */
        public Builder replayPoolBytes(long v) {
            replayPoolBytes = v;
            return this;
        }

        /** Sets {@code replayMaxEvents}. */
        public Builder replayMaxEvents(int v) {
            replayMaxEvents = v;
            return this;
        }

        /** Sets {@code coalesceWindow}. */
        public Builder coalesceWindow(Duration v) {
            coalesceWindow = v;
            return this;
        }

        /** Sets {@code sseCoalesceWindow}. */
        public Builder sseCoalesceWindow(Duration v) {
            sseCoalesceWindow = v;
            return this;
        }

        /** Sets {@code coalesceMaxBytes}. */
        public Builder coalesceMaxBytes(int v) {
            coalesceMaxBytes = v;
            return this;
        }

        /** Sets {@code maxRequestBytes}. */
        public Builder maxRequestBytes(int v) {
            maxRequestBytes = v;
            return this;
        }

        /** Sets {@code jwt}. */
        public Builder jwt(JwtConfig v) {
            jwt = v;
            return this;
        }

        /** Sets {@code upstreamUrl}. */
        public Builder upstreamUrl(String v) {
            upstreamUrl = v;
            return this;
        }

        /** Sets {@code upstreamTextPath}. */
        public Builder upstreamTextPath(String v) {
            upstreamTextPath = v;
            return this;
        }

        /** Sets {@code upstreamIdleTimeout}. */
        public Builder upstreamIdleTimeout(Duration v) {
            upstreamIdleTimeout = v;
            return this;
        }

        /** Sets {@code openAiBaseUrl}. */
        public Builder openAiBaseUrl(String v) {
            openAiBaseUrl = v;
            return this;
        }

        /** Sets {@code openAiApiKey}. */
        public Builder openAiApiKey(String v) {
            openAiApiKey = v;
            return this;
        }

        /** Sets {@code openAiModel}. */
        public Builder openAiModel(String v) {
            openAiModel = v;
            return this;
        }

        /** Sets {@code signing}. */
        public Builder signing(SigningConfig v) {
            signing = v;
            return this;
        }

        /** Sets {@code advertisedUrl}. */
        public Builder advertisedUrl(String v) {
            advertisedUrl = v;
            return this;
        }

        /** Sets {@code ecsMetadataUri}. */
        public Builder ecsMetadataUri(String v) {
            ecsMetadataUri = v;
            return this;
        }

        /** Sets {@code awsRegion}. */
        public Builder awsRegion(String v) {
            awsRegion = v;
            return this;
        }

        /** Sets {@code managementHttpClient}. */
        public Builder managementHttpClient(String v) {
            managementHttpClient = v;
            return this;
        }

        /** Sets {@code managementMaxConnections}. */
        public Builder managementMaxConnections(int v) {
            managementMaxConnections = v;
            return this;
        }

        /** Sets {@code managementTimeout}. */
        public Builder managementTimeout(Duration v) {
            managementTimeout = v;
            return this;
        }

        /** Sets {@code postMaxAttempts}. */
        public Builder postMaxAttempts(int v) {
            postMaxAttempts = v;
            return this;
        }

        /** Sets {@code dynamoDbEndpoint}. */
        public Builder dynamoDbEndpoint(String v) {
            dynamoDbEndpoint = v;
            return this;
        }

        /** Sets {@code streamsTable}. */
        public Builder streamsTable(String v) {
            streamsTable = v;
            return this;
        }

        /** Builds and validates the configuration. */
        public CoreConfig build() {
            return new CoreConfig(host, port, engine, heartbeatInterval, sseBudget, gracePeriod, replayMaxBytes,
                    replayMaxEvents, replayPoolBytes, coalesceWindow, sseCoalesceWindow, coalesceMaxBytes, maxRequestBytes, jwt,
                    upstreamUrl, upstreamTextPath, upstreamIdleTimeout,
                    openAiBaseUrl, openAiApiKey, openAiModel, signing, advertisedUrl, ecsMetadataUri,
                    awsRegion, managementHttpClient, managementMaxConnections, postMaxAttempts, managementTimeout,
                    dynamoDbEndpoint, streamsTable);
        }
    }
}
