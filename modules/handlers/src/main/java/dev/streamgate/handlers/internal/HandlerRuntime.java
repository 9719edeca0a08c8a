package dev.streamgate.handlers.internal;

import dev.streamgate.auth.RequestSigner;
import dev.streamgate.handlers.HandlerConfig;
import dev.streamgate.protocol.ClientAction;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ProtocolCodec;
import dev.streamgate.protocol.ProtocolException;
import dev.streamgate.protocol.ServerEvent;
import dev.streamgate.store.ConnectionStore;
import dev.streamgate.store.DynamoDb;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.StoreException;
import dev.streamgate.store.StreamStore;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients a handler needs, built once per execution environment from a {@link HandlerConfig}, and the SnapStart
 * hook that primes them before the snapshot.
 *
 * <p>Priming runs the codec over every frame and event type, serializes a core request body, runs the
 * {@code @connections} client's request path once (to a refused loopback port) and makes one DynamoDB read, so class
 * loading and SDK marshaller set-up land in the snapshot instead of in the first request after a restore.
 */
public final class HandlerRuntime implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRuntime.class);

    private final HandlerConfig config;
    private final ProtocolCodec codec;
    private final DynamoDb dynamo;
    private final ConnectionStore connections;
    private final StreamStore streams;
    private final ManagementApi management;
    private final CoreClient core;

    private HandlerRuntime(HandlerConfig config) {
        this.config = config;
        this.codec = ProtocolCodec.create(config.limits());
        this.dynamo = DynamoDbClients.create(config.dynamoDbEndpoint(), config.region(), config.credentials());
        this.connections = ConnectionStore.create(dynamo, config.tables());
        this.streams = StreamStore.create(dynamo, config.tables());
        this.management = new ManagementApi(config.managementEndpoint(), config.region(), config.credentials());
        this.core = new CoreClient(RequestSigner.create(config.signing()), config.coreTimeout());
    }

    /** Builds the clients and registers the SnapStart hook (kept alive by the handler holding this runtime). */
    public static HandlerRuntime create(HandlerConfig config) {
        HandlerRuntime runtime = new HandlerRuntime(config);
        Core.getGlobalContext().register(runtime);
        return runtime;
    }

    /** The configuration. */
    public HandlerConfig config() {
        return config;
    }

    /** The wire protocol codec. */
    public ProtocolCodec codec() {
        return codec;
    }

    /** Connection records. */
    public ConnectionStore connections() {
        return connections;
    }

    /** Stream records. */
    public StreamStore streams() {
        return streams;
    }

    /** {@code @connections}. */
    public ManagementApi management() {
        return management;
    }

    /** The core's internal API. */
    public CoreClient core() {
        return core;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.debug("restored from snapshot");
    }

    /** Exercises the hot paths without side effects; safe to call more than once. */
    public void prime() {
        for (String frame : List.of("{\"action\":\"ping\"}", "{\"action\":\"cancel\",\"streamId\":\"s-1\"}",
                "{\"action\":\"resume\",\"streamId\":\"s-1\",\"lastSeq\":-1}",
                "{\"action\":\"chat\",\"requestId\":\"r-1\",\"message\":\"hi\",\"options\":{\"k\":1}}", "{", "[]")) {
            try {
                ClientAction action = codec.parse(frame);
                codec.writeAction(action);
            } catch (ProtocolException e) {
                codec.write(e.toErrorEvent());
            }
        }
        codec.write(new ServerEvent.Pong());
        codec.write(new ServerEvent.Error(ErrorCode.UNAVAILABLE, "priming"));
        core.primeJson();
        management.primeRequestPath();
        try {
            streams.find("streamgate-priming");
        } catch (StoreException e) {
            LOG.debug("priming read failed (fine before a snapshot) error={}", e.getClass().getSimpleName());
        }
    }
}
