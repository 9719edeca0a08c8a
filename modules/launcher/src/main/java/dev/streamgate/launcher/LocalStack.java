package dev.streamgate.launcher;

import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.CoreConfig;
import dev.streamgate.core.CoreServer;
import dev.streamgate.launcher.internal.Banner;
import dev.streamgate.launcher.internal.CoreBalancer;
import dev.streamgate.launcher.internal.CoreProcess;
import dev.streamgate.launcher.internal.DemoSite;
import dev.streamgate.launcher.internal.DynaliteProcess;
import dev.streamgate.launcher.internal.FreePort;
import dev.streamgate.handlers.ConnectAuthorizer;
import dev.streamgate.handlers.ConnectHandler;
import dev.streamgate.handlers.DefaultHandler;
import dev.streamgate.handlers.DisconnectHandler;
import dev.streamgate.localgateway.Authorizer;
import dev.streamgate.localgateway.Faults;
import dev.streamgate.localgateway.Integration;
import dev.streamgate.localgateway.Limits;
import dev.streamgate.localgateway.LocalGateway;
import dev.streamgate.store.DynamoDb;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStore;
import dev.streamgate.store.TableDefinition;
import dev.streamgate.store.TableDefinitions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: dynalite, the local gateway running the real Lambda handler classes in
 * process, one or more cores with the demo engine, and the demo page. {@code make run} runs {@link #main};
 * the e2e suite and the benchmarks start it in process through {@link #builder(LocalStackConfig)}.
 *
 * <p>Every hop stays a real network call: WebSocket to the gateway, HTTP from handlers to the core's internal API,
 * {@code @connections} from the core back to the gateway, DynamoDB over HTTP.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String REGION = "us-east-1";

    private final LocalStackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<String> coreUrls = new ArrayList<>();
    private final List<CoreServer> inProcessCores = new ArrayList<>();
    private final List<CoreProcess> processCores = new ArrayList<>();
    private String dynamoDbEndpoint;
    private DynamoDb dynamo;
    private StreamStore streams;
    private TableDefinitions tables;
    private LocalGateway gateway;
    private TokenIssuer tokens;
    private String token;
    private DemoSite demo;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /** A builder for a stack with these settings. */
    public static Builder builder(LocalStackConfig config) {
        return new Builder(config);
    }

    /** Starts a stack with these settings and AWS's gateway limits. */
    public static LocalStack start(LocalStackConfig config) {
        return builder(config).start();
    }

    private void startAll(Builder b) {
        keepAliveLikeManyLambdas();
        startDynamoDb();
        Map<String, String> common = commonEnvironment();
        startCores(common, b.coreProcesses);
        String coreUrl = coreUrls.get(0);
        if (coreUrls.size() > 1) {
            CoreBalancer balancer = CoreBalancer.start(config.host(), coreUrls);
            started.push(balancer);
            coreUrl = balancer.url();
        }
        startGateway(common, coreUrl, b);
        JwtConfig jwt = JwtConfig.builder().secret(config.jwtSecret()).issuer(config.jwtIssuer())
                .audience(config.jwtAudience()).build();
        tokens = TokenIssuer.forConfig(jwt);
        token = tokens.issue(config.tokenUser(), config.tokenTtl());
        if (config.demoPort() >= 0) {
            demo = FreePort.startOnPicked(config.host(), config.demoPort(), port -> DemoSite.startIfBuilt(config.host(), port,
                    config.demoDist(), demoConfigJson(DemoSite.relayedSseUrl(config.host(), port)), coreUrls.get(0)));
            if (demo != null) {
                started.push(demo);
            }
        }
    }

    private void startDynamoDb() {
        if (config.dynamoDbEndpoint() == null) {
            DynaliteProcess dynalite = DynaliteProcess.start(config.dynaliteDir(), config.node(), 20_000);
            started.push(dynalite);
            dynamoDbEndpoint = dynalite.endpoint();
        } else {
            dynamoDbEndpoint = config.dynamoDbEndpoint();
        }
        dynamo = DynamoDbClients.create(URI.create(dynamoDbEndpoint), REGION, DynamoDbClients.localCredentials());
        started.push(dynamo);
        TableDefinitions tables = TableDefinitions.fromEnvironment(config.passThrough());
        for (TableDefinition table : tables.all()) {
            if (!dynamo.createTable(table)) {
                LOG.debug("table exists table={}", table.tableName());
            }
        }
        streams = StreamStore.create(dynamo, tables);
        this.tables = tables;
    }

    /**
     * In AWS every concurrent invocation runs in its own Lambda instance, each with its own HTTP keep-alive cache;
     * here all "instances" share this JVM's, which keeps only 5 idle connections per host by default, so under
     * concurrency most handler → core and handler → DynamoDB calls would open a new TCP connection. Raised
     * unless set on the command line; it must happen before the JDK's HTTP client is first used.
     */
    private static void keepAliveLikeManyLambdas() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
    }

    /** Variables every part gets: the pass-through {@code SG_*} ones, then the launcher's own. */
    private Map<String, String> commonEnvironment() {
        Map<String, String> env = new HashMap<>(config.passThrough());
        env.put("SG_JWT_SECRET", config.jwtSecret());
        env.put("SG_JWT_ISSUER", config.jwtIssuer());
        env.put("SG_JWT_AUDIENCE", config.jwtAudience());
        env.put("SG_INTERNAL_SECRET", config.internalSecret());
        env.put("SG_DYNAMODB_ENDPOINT", dynamoDbEndpoint);
        // explicit: the core writes no stream records unless it is told the table
        env.put("SG_CONNECTIONS_TABLE", tables.connections().tableName());
        env.put("SG_STREAMS_TABLE", tables.streams().tableName());
        env.put("SG_AWS_REGION", REGION);
        // no AWS_ACCESS_KEY_ID here: with an endpoint override and no key, the parts use fixed local credentials
        env.put("AWS_REGION", REGION);
        return env;
    }

    private void startCores(Map<String, String> common, boolean asProcesses) {
        for (int i = 0; i < config.cores(); i++) {
            Map<String, String> env = new HashMap<>(common);
            env.put("SG_HOST", config.host());
            if (asProcesses) {
                CoreProcess core = FreePort.startOnPicked(config.host(), config.corePort() == 0 ? 0 : config.corePort() + i,
                        port -> {
                            env.put("SG_PORT", Integer.toString(port));
                            env.put("SG_ADVERTISED_URL", "http://" + config.host() + ":" + port);
                            return CoreProcess.start(env, config.host(), port, Duration.ofSeconds(30));
                        });
                started.push(core);
                processCores.add(core);
                coreUrls.add(core.url());
            } else {
                CoreServer core = FreePort.startOnPicked(config.host(), config.corePort() == 0 ? 0 : config.corePort() + i,
                        port -> {
                            env.put("SG_PORT", Integer.toString(port));
                            env.put("SG_ADVERTISED_URL", "http://" + config.host() + ":" + port);
                            return CoreServer.start(CoreConfig.fromEnvironment(env));
                        });
                started.push(core);
                inProcessCores.add(core);
                coreUrls.add("http://" + config.host() + ":" + core.port());
            }
        }
    }

    private void startGateway(Map<String, String> common, String coreUrl, Builder b) {
        gateway = FreePort.startOnPicked(config.host(), config.gatewayPort(), port -> startGatewayOn(port, common, coreUrl, b));
        started.push(gateway);
    }

    private LocalGateway startGatewayOn(int port, Map<String, String> common, String coreUrl, Builder b) {
        Map<String, String> env = new HashMap<>(common);
        env.put("SG_CORE_URL", coreUrl);
        // a cold local core (class loading, first SDK clients) can need more than a Lambda's 2 s on a dev machine;
        // the first chat would then get "unavailable" although the core accepted it
        env.putIfAbsent("SG_CORE_TIMEOUT_MS", "10000");
        env.put("SG_MANAGEMENT_ENDPOINT", "http://" + config.host() + ":" + port + "/" + config.stage());
        // no identity source: the token may come in the query string or in Sec-WebSocket-Protocol, and the
        // authorizer itself refuses a connection without one (fails closed)
        LocalGateway candidate = LocalGateway.builder()
                .host(config.host())
                .port(port)
                .stage(config.stage())
                .authorizer(Authorizer.of(Integration.handler(ConnectAuthorizer.class, env)))
                .route("$connect", Integration.handler(ConnectHandler.class, env))
                .route("$default", Integration.handler(DefaultHandler.class, env))
                .route("$disconnect", Integration.handler(DisconnectHandler.class, env))
                .limits(b.limits)
                .faults(b.faults)
                .recording(b.recording)
                .build();
        try {
            return candidate.start();
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
    }

    private String demoConfigJson(String pageSseUrl) {
        return "{\"wsUrl\":\"" + wsUrl() + "\",\"sseUrl\":\"" + pageSseUrl + "\",\"token\":\"" + token + "\"}";
    }

    /** The WebSocket URL without a token, e.g. {@code ws://127.0.0.1:8090/local}. */
    public String wsUrl() {
        return "ws://" + config.host() + ":" + gateway.port() + "/" + config.stage();
    }

    /** The {@code @connections} endpoint, e.g. {@code http://127.0.0.1:8090/local}. */
    public String managementEndpoint() {
        return "http://" + config.host() + ":" + gateway.port() + "/" + config.stage();
    }

    /** The SSE endpoint of the first core. */
    public String sseUrl() {
        return coreUrls.get(0) + "/api/chat/stream";
    }

    /** Base URLs of the cores, in start order. */
    public List<String> coreUrls() {
        return List.copyOf(coreUrls);
    }

    /** The token printed in the banner (user {@link LocalStackConfig#tokenUser()}). */
    public String token() {
        return token;
    }

    /** A fresh token for any user. */
    public String tokenFor(String userId) {
        return tokens.issue(userId, config.tokenTtl());
    }

    /** The DynamoDB endpoint (dynalite's unless an external one was given). */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** The local gateway, for its recorded calls and faults. */
    public LocalGateway gateway() {
        return gateway;
    }

    /** The in-process cores (empty when the cores run as processes). */
    public List<CoreServer> cores() {
        return List.copyOf(inProcessCores);
    }

    /** The base URL of the core owning {@code streamId}, from its stream record. */
    public Optional<String> ownerOf(String streamId) {
        return streams.find(streamId).map(StreamRecord::ownerUrl);
    }

    /**
     * Kills core {@code index} with no goodbye.
     *
     * @throws IllegalStateException when the cores run in process (start with {@link Builder#coreProcesses(boolean)})
     */
    public void killCore(int index) {
        if (processCores.isEmpty()) {
            throw new IllegalStateException("cores run in this JVM and cannot be killed: start with coreProcesses(true)");
        }
        processCores.get(index).kill();
    }

    /** The demo page URL, or {@code null} when it is not built. */
    public String demoUrl() {
        return demo == null ? null : "http://" + config.host() + ":" + demo.port() + "/";
    }

    /** What {@code make run} prints. */
    public String banner() {
        return Banner.render(wsUrl(), coreUrls, token, config.tokenUser(), demoUrl(), managementEndpoint(),
                dynamoDbEndpoint);
    }

    /** Stops everything, newest first; dynalite last. Safe to call twice. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stop failed part={}", c.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * {@code make run}: reads {@code SG_*} variables, starts everything, prints the banner, waits for Ctrl-C.
     * Arguments: {@code --cores N}.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            if ("--cores".equals(args[i]) && i + 1 < args.length) {
                env.put("SG_CORES", args[++i]);
            } else if ("--help".equals(args[i]) || "-h".equals(args[i])) {
                // CHECKSTYLE.OFF: NoSystemOut
                System.out.println("usage: scripts/run-local.sh [--cores N]   settings: SG_* variables (README)");
                // CHECKSTYLE.ON: NoSystemOut
                return;
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "': use --cores N or --help");
            }
        }
        LocalStackConfig config = LocalStackConfig.fromEnvironment(env);
        LocalStack stack;
        try {
            stack = start(config);
        } catch (LocalStackStartException e) {
            LOG.error("local stack did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        // the banner is the product of `make run`, not a log line
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println(stack.banner());
        System.out.flush();
        // CHECKSTYLE.ON: NoSystemOut
        stopped.await();
    }

    /** Options of an in-process stack beyond {@link LocalStackConfig}: gateway limits and faults, core processes. */
    public static final class Builder {
        private final LocalStackConfig config;
        private Limits limits = Limits.aws();
        private Faults faults = Faults.none();
        private boolean coreProcesses;
        private boolean recording;

        private Builder(LocalStackConfig config) {
            this.config = config;
        }

        /** The gateway's limits (shrink the 2-hour connection limit for tests). */
        public Builder gatewayLimits(Limits value) {
            this.limits = value;
            return this;
        }

        /** The gateway's scripted faults. */
        public Builder gatewayFaults(Faults value) {
            this.faults = value;
            return this;
        }

        /**
         * Records every {@code @connections} call and route invocation in the gateway (off by default: a long
         * {@code make run} would keep them all in memory).
         */
        public Builder recording(boolean value) {
            this.recording = value;
            return this;
        }

        /** Runs each core in a JVM of its own so it can be killed ({@link LocalStack#killCore(int)}). */
        public Builder coreProcesses(boolean value) {
            this.coreProcesses = value;
            return this;
        }

        /**
         * Starts everything; on failure stops what already started.
         *
         * @throws LocalStackStartException naming the part that failed and how to fix it
         */
        public LocalStack start() {
            LocalStack stack = new LocalStack(config);
            try {
                stack.startAll(this);
                return stack;
            } catch (RuntimeException e) {
                stack.close();
                throw e instanceof LocalStackStartException ? e
                        : new LocalStackStartException("local stack failed to start: " + e.getMessage(), e);
            }
        }
    }
}
