package dev.streamgate.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that says which DynamoDB tables streamgate uses: names, keys, indexes and the TTL attribute.
 *
 * <p>The local stack and the tests create tables from {@link #createTableRequests()}; infra translates the same
 * {@link TableDefinition} records to CDK. Both tables expire items through the epoch-seconds attribute
 * {@value #TTL_ATTRIBUTE}, which the stores always write.
 *
 * <p>Connections table: partition key {@value #CONNECTION_ID}; index {@value #CONNECTIONS_BY_USER} on
 * ({@value #USER_ID}, {@value #CONNECTED_AT}). It also holds one lease item per user (partition key
 * {@code user#<userId>}, no {@value #USER_ID} attribute, so it stays out of the index) that counts open
 * connections with a single conditional write.
 *
 * <p>Streams table: partition key {@value #STREAM_ID}; index {@value #STREAMS_BY_CONNECTION} on
 * {@value #CONNECTION_ID}; index {@value #STREAMS_BY_REQUEST} on ({@value #USER_ID}, {@value #REQUEST_ID}) for
 * idempotent chat requests.
 *
 * @param connections the connections table
 * @param streams the streams table
 */
public record TableDefinitions(TableDefinition connections, TableDefinition streams) {

    /** Default connections table name (local stack and tests). */
    public static final String DEFAULT_CONNECTIONS_TABLE = "streamgate-connections";
    /** Default streams table name (local stack and tests). */
    public static final String DEFAULT_STREAMS_TABLE = "streamgate-streams";

    /** TTL attribute of both tables, epoch seconds. */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** Connection id attribute (connections key; streams index key). */
    public static final String CONNECTION_ID = "connectionId";
    /** User id attribute. */
    public static final String USER_ID = "userId";
    /** Connected-at attribute, epoch milliseconds. */
    public static final String CONNECTED_AT = "connectedAt";
    /** Stream id attribute (streams key). */
    public static final String STREAM_ID = "streamId";
    /** Client request id attribute of a stream. */
    public static final String REQUEST_ID = "requestId";
    /** Owner URL attribute of a stream (the core instance running it). */
    public static final String OWNER_URL = "ownerUrl";
    /** Status attribute of a stream. */
    public static final String STATUS = "status";
    /** Created-at attribute, epoch milliseconds. */
    public static final String CREATED_AT = "createdAt";
    /** Updated-at attribute, epoch milliseconds. */
    public static final String UPDATED_AT = "updatedAt";

    /** Index of the connections table: a user's connections. */
    public static final String CONNECTIONS_BY_USER = "byUser";
    /** Index of the streams table: the streams sinking to a connection. */
    public static final String STREAMS_BY_CONNECTION = "byConnection";
    /** Index of the streams table: a user's stream for a client request id. */
    public static final String STREAMS_BY_REQUEST = "byUserRequest";

    /** Validates both fields. */
    public TableDefinitions {
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(streams, "streams");
    }

    /** The definitions with the default table names. */
    public static TableDefinitions defaults() {
        return named(DEFAULT_CONNECTIONS_TABLE, DEFAULT_STREAMS_TABLE);
    }

    /** The definitions with these physical table names (e.g. from {@code SG_CONNECTIONS_TABLE}, {@code SG_STREAMS_TABLE}). */
    public static TableDefinitions named(String connectionsTable, String streamsTable) {
        TableDefinition connections = new TableDefinition(connectionsTable, KeyAttribute.string(CONNECTION_ID),
                List.of(new GlobalIndex(CONNECTIONS_BY_USER, KeyAttribute.string(USER_ID), KeyAttribute.number(CONNECTED_AT))),
                TTL_ATTRIBUTE);
        TableDefinition streams = new TableDefinition(streamsTable, KeyAttribute.string(STREAM_ID),
                List.of(new GlobalIndex(STREAMS_BY_CONNECTION, KeyAttribute.string(CONNECTION_ID), null),
                        new GlobalIndex(STREAMS_BY_REQUEST, KeyAttribute.string(USER_ID), KeyAttribute.string(REQUEST_ID))),
                TTL_ATTRIBUTE);
        return new TableDefinitions(connections, streams);
    }

    /** The definitions with the table names from {@code SG_CONNECTIONS_TABLE} / {@code SG_STREAMS_TABLE}, defaults otherwise. */
    public static TableDefinitions fromEnvironment(Map<String, String> env) {
        return named(env.getOrDefault("SG_CONNECTIONS_TABLE", DEFAULT_CONNECTIONS_TABLE),
                env.getOrDefault("SG_STREAMS_TABLE", DEFAULT_STREAMS_TABLE));
    }

    /** Both tables, connections first. */
    public List<TableDefinition> all() {
        return List.of(connections, streams);
    }

    /** One {@code CreateTable} request body per table (DynamoDB JSON). */
    public List<ObjectNode> createTableRequests() {
        return all().stream().map(TableDefinition::toCreateTableJson).toList();
    }
}
