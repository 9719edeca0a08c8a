package dev.streamgate.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Immutable settings of one streamgate deployment, read once from CDK context ({@code -c key=value} or
 * {@code cdk.json}) by {@link #fromContext(Function)}; every value has a default that deploys.
 *
 * @param stage API stage name for both the WebSocket and the REST API
 * @param availabilityZones AZs of the VPC; fixed so that synthesis needs no AWS lookup
 * @param natGateways NAT gateways (1 is cheap, one per AZ survives an AZ outage)
 * @param tokenSource where the $connect authorizer reads the token: query string or subprotocol header
 * @param throttleRate steady-state requests per second per stage (both APIs)
 * @param throttleBurst burst bucket per stage (both APIs)
 * @param coreCpu Fargate CPU units of one core task
 * @param coreMemoryMib Fargate memory of one core task
 * @param coreMinTasks autoscaling floor (2 = one per AZ)
 * @param coreMaxTasks autoscaling ceiling
 * @param engine chat engine the core runs ({@code SG_ENGINE})
 * @param jwtIssuer expected JWT issuer
 * @param jwtAudience expected JWT audience
 * @param sseStreaming switch the SSE REST integration from BUFFERED (29 s) to STREAM (up to 15 min)
 * @param sseStreamTimeoutSeconds integration timeout when {@code sseStreaming} is on
 * @param logRetention CloudWatch Logs retention, a {@code RetentionDays} name such as {@code ONE_MONTH}
 * @param alarmEmail address subscribed to the alarm topic, or empty for none
 * @param retainTables keep the DynamoDB tables when the stack is deleted
 * @param apiGatewayAccountRole create the account-wide role API Gateway needs to write access logs
 * @param assetDir directory holding the staged handler jar and core image context
 */
public record StreamgateConfig(
        String stage,
        List<String> availabilityZones,
        int natGateways,
        TokenSource tokenSource,
        int throttleRate,
        int throttleBurst,
        int coreCpu,
        int coreMemoryMib,
        int coreMinTasks,
        int coreMaxTasks,
        String engine,
        String jwtIssuer,
        String jwtAudience,
        boolean sseStreaming,
        int sseStreamTimeoutSeconds,
        String logRetention,
        String alarmEmail,
        boolean retainTables,
        boolean apiGatewayAccountRole,
        Path assetDir) {

    /** Where the browser puts its token on the WebSocket upgrade request. */
    public enum TokenSource {
        /** {@code wss://...?token=JWT}: identity source {@code route.request.querystring.token}. */
        QUERY("route.request.querystring.token"),
        /**
         * {@code Sec-WebSocket-Protocol: streamgate.v1, <JWT>}: identity source is the header, and
         * {@code ConnectHandler} must echo the chosen subprotocol in its response.
         */
        SUBPROTOCOL("route.request.header.Sec-WebSocket-Protocol");

        private final String identitySource;

        TokenSource(String identitySource) {
            this.identitySource = identitySource;
        }

        /** The API Gateway identity source expression. */
        public String identitySource() {
            return identitySource;
        }
    }

    /** Validates the settings; a bad value fails synthesis with a message naming the context key. */
    public StreamgateConfig {
        Objects.requireNonNull(stage, "stage");
        availabilityZones = List.copyOf(availabilityZones);
        require(stage.matches("[A-Za-z0-9_]{1,64}"), "stage", stage, "letters, digits and _ only");
        require(availabilityZones.size() >= 2, "availabilityZones", availabilityZones, "at least two AZs");
        require(natGateways >= 1 && natGateways <= availabilityZones.size(), "natGateways", natGateways,
                "1 .. number of AZs (tasks and Lambdas reach ECR, Secrets Manager and @connections through NAT)");
        require(throttleRate > 0 && throttleBurst > 0, "throttleRate/throttleBurst", throttleRate, "positive");
        require(coreMinTasks >= 1 && coreMaxTasks >= coreMinTasks, "coreMinTasks/coreMaxTasks", coreMinTasks,
                "1 <= min <= max");
        require(sseStreamTimeoutSeconds >= 1 && sseStreamTimeoutSeconds <= 900, "sseStreamTimeoutSeconds",
                sseStreamTimeoutSeconds, "1..900 (API Gateway streams for at most 15 minutes)");
        Objects.requireNonNull(assetDir, "assetDir");
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads every setting from CDK context; the only place context keys are named.
     *
     * @param context looks a key up ({@code node.tryGetContext}); returns null when unset
     */
    public static StreamgateConfig fromContext(Function<String, Object> context) {
        Builder b = builder();
        String region = str(context, "region", null);
        String azs = str(context, "availabilityZones", null);
        if (azs != null) {
            b.availabilityZones(List.of(azs.split(",")));
        } else if (region != null) {
            b.availabilityZones(List.of(region + "a", region + "b"));
        }
        return b.stage(str(context, "stage", b.stage))
                .natGateways(num(context, "natGateways", b.natGateways))
                .tokenSource(TokenSource.valueOf(str(context, "tokenSource", b.tokenSource.name()).toUpperCase(Locale.ROOT)))
                .throttleRate(num(context, "throttleRate", b.throttleRate))
                .throttleBurst(num(context, "throttleBurst", b.throttleBurst))
                .coreCpu(num(context, "coreCpu", b.coreCpu))
                .coreMemoryMib(num(context, "coreMemoryMib", b.coreMemoryMib))
                .coreMinTasks(num(context, "coreMinTasks", b.coreMinTasks))
                .coreMaxTasks(num(context, "coreMaxTasks", b.coreMaxTasks))
                .engine(str(context, "engine", b.engine))
                .jwtIssuer(str(context, "jwtIssuer", b.jwtIssuer))
                .jwtAudience(str(context, "jwtAudience", b.jwtAudience))
                .sseStreaming(bool(context, "sseStreaming", b.sseStreaming))
                .sseStreamTimeoutSeconds(num(context, "sseStreamTimeoutSeconds", b.sseStreamTimeoutSeconds))
                .logRetention(str(context, "logRetention", b.logRetention))
                .alarmEmail(str(context, "alarmEmail", b.alarmEmail))
                .retainTables(bool(context, "retainTables", b.retainTables))
                .apiGatewayAccountRole(bool(context, "apiGatewayAccountRole", b.apiGatewayAccountRole))
                .assetDir(Path.of(str(context, "assetDir", b.assetDir.toString())))
                .build();
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new InvalidDeploymentSettingException(
                    "context value " + key + "=" + value + " is invalid: expected " + rule + " (set it with -c " + key + "=...)");
        }
    }

    private static String str(Function<String, Object> context, String key, String fallback) {
        Object v = context.apply(key);
        return v == null ? fallback : v.toString().trim();
    }

    private static int num(Function<String, Object> context, String key, int fallback) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidDeploymentSettingException("context value " + key + "=" + v + " is not a whole number (set it with -c "
                    + key + "=<number>)", e);
        }
    }

    private static boolean bool(Function<String, Object> context, String key, boolean fallback) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        require(s.equals("true") || s.equals("false"), key, v, "true or false");
        return s.equals("true");
    }

    /** Mutable builder for {@link StreamgateConfig}; every field starts at its deployable default. */
    public static final class Builder {
        private String stage = "prod";
        private List<String> availabilityZones = List.of("us-east-1a", "us-east-1b");
        private int natGateways = 1;
        private TokenSource tokenSource = TokenSource.QUERY;
        private int throttleRate = 100;
        private int throttleBurst = 200;
        private int coreCpu = 512;
        private int coreMemoryMib = 1024;
        private int coreMinTasks = 2;
        private int coreMaxTasks = 6;
        private String engine = "demo";
        private String jwtIssuer = "streamgate";
        private String jwtAudience = "streamgate";
        private boolean sseStreaming;
        private int sseStreamTimeoutSeconds = 900;
        private String logRetention = "ONE_MONTH";
        private String alarmEmail = "";
        private boolean retainTables = true;
        private boolean apiGatewayAccountRole = true;
        private Path assetDir = Path.of("target", "assets");

        private Builder() {
        }

        private Builder(StreamgateConfig c) {
            stage = c.stage;
            availabilityZones = c.availabilityZones;
            natGateways = c.natGateways;
            tokenSource = c.tokenSource;
            throttleRate = c.throttleRate;
            throttleBurst = c.throttleBurst;
            coreCpu = c.coreCpu;
            coreMemoryMib = c.coreMemoryMib;
            coreMinTasks = c.coreMinTasks;
            coreMaxTasks = c.coreMaxTasks;
            engine = c.engine;
            jwtIssuer = c.jwtIssuer;
            jwtAudience = c.jwtAudience;
            sseStreaming = c.sseStreaming;
            sseStreamTimeoutSeconds = c.sseStreamTimeoutSeconds;
            logRetention = c.logRetention;
            alarmEmail = c.alarmEmail;
            retainTables = c.retainTables;
            apiGatewayAccountRole = c.apiGatewayAccountRole;
            assetDir = c.assetDir;
        }

        /** Sets the stage name. */
        public Builder stage(String v) {
            stage = v;
            return this;
        }

        /** Sets the VPC's availability zones. */
        public Builder availabilityZones(List<String> v) {
            availabilityZones = v.stream().map(String::trim).toList();
            return this;
        }

        /** Sets the number of NAT gateways. */
        public Builder natGateways(int v) {
            natGateways = v;
            return this;
        }

        /** Sets where the token travels on $connect. */
        public Builder tokenSource(TokenSource v) {
            tokenSource = v;
            return this;
        }

        /** Sets the stage rate limit. */
        public Builder throttleRate(int v) {
            throttleRate = v;
            return this;
        }

        /** Sets the stage burst limit. */
        public Builder throttleBurst(int v) {
            throttleBurst = v;
            return this;
        }

        /** Sets the core task CPU units. */
        public Builder coreCpu(int v) {
            coreCpu = v;
            return this;
        }

        /** Sets the core task memory. */
        public Builder coreMemoryMib(int v) {
            coreMemoryMib = v;
            return this;
        }

        /** Sets the autoscaling floor. */
        public Builder coreMinTasks(int v) {
            coreMinTasks = v;
            return this;
        }

        /** Sets the autoscaling ceiling. */
        public Builder coreMaxTasks(int v) {
            coreMaxTasks = v;
            return this;
        }

        /** Sets the chat engine. */
        public Builder engine(String v) {
            engine = v;
            return this;
        }

        /** Sets the JWT issuer. */
        public Builder jwtIssuer(String v) {
            jwtIssuer = v;
            return this;
        }

        /** Sets the JWT audience. */
        public Builder jwtAudience(String v) {
            jwtAudience = v;
            return this;
        }

        /** Turns SSE response streaming on or off. */
        public Builder sseStreaming(boolean v) {
            sseStreaming = v;
            return this;
        }

        /** Sets the streaming integration timeout. */
        public Builder sseStreamTimeoutSeconds(int v) {
            sseStreamTimeoutSeconds = v;
            return this;
        }

        /** Sets the log retention ({@code RetentionDays} name). */
        public Builder logRetention(String v) {
            logRetention = v;
            return this;
        }

        /** Sets the alarm e-mail address (empty for none). */
        public Builder alarmEmail(String v) {
            alarmEmail = v == null ? "" : v;
            return this;
        }

        /** Keeps or deletes the tables with the stack. */
        public Builder retainTables(boolean v) {
            retainTables = v;
            return this;
        }

        /** Creates or skips the API Gateway account logging role. */
        public Builder apiGatewayAccountRole(boolean v) {
            apiGatewayAccountRole = v;
            return this;
        }

        /** Sets the staged asset directory. */
        public Builder assetDir(Path v) {
            assetDir = v;
            return this;
        }

        /** Builds and validates the config. */
        public StreamgateConfig build() {
            return new StreamgateConfig(stage, availabilityZones, natGateways, tokenSource, throttleRate, throttleBurst, coreCpu,
                    coreMemoryMib, coreMinTasks, coreMaxTasks, engine, jwtIssuer, jwtAudience, sseStreaming, sseStreamTimeoutSeconds,
                    logRetention, alarmEmail, retainTables, apiGatewayAccountRole, assetDir);
        }
    }
}
