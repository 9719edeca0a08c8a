package dev.streamgate.store;

import static dev.streamgate.store.TableDefinitions.CONNECTED_AT;
import static dev.streamgate.store.TableDefinitions.CONNECTION_ID;
import static dev.streamgate.store.TableDefinitions.CONNECTIONS_BY_USER;
import static dev.streamgate.store.TableDefinitions.TTL_ATTRIBUTE;
import static dev.streamgate.store.TableDefinitions.USER_ID;
import static dev.streamgate.store.internal.Items.millis;
import static dev.streamgate.store.internal.Items.n;
import static dev.streamgate.store.internal.Items.object;
import static dev.streamgate.store.internal.Items.s;
import static dev.streamgate.store.internal.Items.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.store.internal.DynamoErrors;
import dev.streamgate.store.internal.Items;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection records in DynamoDB, with a per-user limit on open connections that holds when connects race.
 *
 * <p>The limit lives in one lease item per user ({@code user#<userId>} in the same table): a map from connection id
 * to expiry plus a version. A connect reads it, drops expired leases (a lost {@code $disconnect} must not block a user
 * for ever), and writes it back only if the version is unchanged: one single-item conditional write, no transactions
 * (which the emulator lacks). The connection record itself is written after the lease; if that write fails the lease
 * is released again, so a failed connect leaves nothing behind.
 */
public final class ConnectionStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStore.class);

    /** Lease item key prefix; API Gateway connection ids never contain {@code #}. */
    static final String LEASE_PREFIX = "user#";
    static final String LEASES = "leases";
    static final String VERSION = "version";

    /** A loser of the version race retries; it loses at most once per concurrent winner, so this bounds the limit. */
    private static final int MAX_LEASE_ATTEMPTS = 16;

    private final DynamoDb client;
    private final String table;
    private final Clock clock;

    private ConnectionStore(DynamoDb client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store over the connections table of these definitions, on the system clock. */
    public static ConnectionStore create(DynamoDb client, TableDefinitions tables) {
        return create(client, tables, Clock.systemUTC());
    }

    /** A store over the connections table of these definitions, on this clock. */
    public static ConnectionStore create(DynamoDb client, TableDefinitions tables, Clock clock) {
        return new ConnectionStore(client, tables.connections().tableName(), clock);
    }

    /**
     * Records a new open connection if the user has fewer than {@code maxOpenPerUser} open ones.
     *
     * @throws ConnectionLimitExceededException the user is at the limit; nothing was written
     * @throws StoreUnavailableException DynamoDB failed; nothing was left written
     * @throws StoreConflictException too many concurrent connects for this user; nothing was written
     */
    public ConnectionRecord connect(String connectionId, String userId, int maxOpenPerUser) {
        if (maxOpenPerUser < 1) {
            throw new IllegalArgumentException("maxOpenPerUser must be at least 1, was " + maxOpenPerUser);
        }
        ConnectionRecord record = ConnectionRecord.opened(connectionId, userId, clock.instant());
        claimLease(record, maxOpenPerUser);
        try {
            ObjectNode item = object(
                    CONNECTION_ID, s(connectionId),
                    USER_ID, s(userId),
                    CONNECTED_AT, millis(record.connectedAt()),
                    TTL_ATTRIBUTE, seconds(record.expiresAt()));
            client.call("PutItem", object("TableName", table, "Item", item));
        } catch (AwsJsonException e) {
            releaseLeaseQuietly(userId, connectionId);
            throw DynamoErrors.translate(e, "PutItem", table);
        }
        LOG.debug("connection recorded connectionId={} userId={}", connectionId, userId);
        return record;
    }

    /** The record of this connection, if there is one (possibly past its TTL: see {@link ConnectionRecord#isExpired}). */
    public Optional<ConnectionRecord> find(String connectionId) {
        ObjectNode response;
        try {
            response = client.call("GetItem", object("TableName", table, "Key", object(CONNECTION_ID, s(connectionId)))
                    .put("ConsistentRead", true));
        } catch (AwsJsonException e) {
            throw DynamoErrors.translate(e, "GetItem", table);
        }
        JsonNode item = response.get("Item");
        return Items.has(item, USER_ID) ? Optional.of(toRecord(item)) : Optional.empty();
    }

    /** The user's connections that are not past their TTL, oldest first (read from an index: eventually consistent). */
    public List<ConnectionRecord> connectionsOf(String userId) {
        Instant now = clock.instant();
        List<ConnectionRecord> result = new ArrayList<>();
        JsonNode startKey = null;
        do {
            ObjectNode request = object("TableName", table, "IndexName", CONNECTIONS_BY_USER,
                    "KeyConditionExpression", "#u = :u",
                    "ExpressionAttributeNames", object("#u", USER_ID),
                    "ExpressionAttributeValues", object(":u", s(userId)));
            if (startKey != null) {
                request.set("ExclusiveStartKey", startKey);
            }
            ObjectNode response;
            try {
                response = client.call("Query", request);
            } catch (AwsJsonException e) {
                throw DynamoErrors.translate(e, "Query", table);
            }
            for (JsonNode item : response.path("Items")) {
                ConnectionRecord r = toRecord(item);
                if (!r.isExpired(now)) {
                    result.add(r);
                }
            }
            startKey = lastKey(response);
        } while (startKey != null);
        return result;
    }

    /**
     * Deletes the connection's record and frees its slot in the user's limit; returns the deleted record, if any.
     *
     * <p>Idempotent: a second call returns empty. If freeing the slot fails after the delete, the slot frees itself
     * when its lease expires.
     */
    public Optional<ConnectionRecord> disconnect(String connectionId) {
        ObjectNode response;
        try {
            response = client.call("DeleteItem", object("TableName", table, "Key", object(CONNECTION_ID, s(connectionId)),
                    "ReturnValues", "ALL_OLD"));
        } catch (AwsJsonException e) {
            throw DynamoErrors.translate(e, "DeleteItem", table);
        }
        JsonNode old = response.get("Attributes");
        if (!Items.has(old, USER_ID)) {
            return Optional.empty();
        }
        ConnectionRecord record = toRecord(old);
        releaseLeaseQuietly(record.userId(), connectionId);
        LOG.debug("connection deleted connectionId={}", connectionId);
        return Optional.of(record);
    }

    private void claimLease(ConnectionRecord record, int maxOpenPerUser) {
        long nowSeconds = record.connectedAt().getEpochSecond();
        for (int attempt = 1; attempt <= MAX_LEASE_ATTEMPTS; attempt++) {
            JsonNode current;
            try {
                current = client.call("GetItem", object("TableName", table, "Key", leaseKey(record.userId()))
                        .put("ConsistentRead", true)).get("Item");
            } catch (AwsJsonException e) {
                throw DynamoErrors.translate(e, "GetItem", table);
            }
            boolean exists = current != null && !current.isEmpty();
            long version = exists ? Items.number(current, VERSION) : 0;
            ObjectNode live = DynamoDb.object();
            if (exists && current.has(LEASES)) {
                for (Map.Entry<String, JsonNode> lease : current.path(LEASES).path("M").properties()) {
                    if (Long.parseLong(lease.getValue().path("N").asText("0")) > nowSeconds) {
                        live.set(lease.getKey(), lease.getValue());
                    }
                }
            }
            if (live.has(record.connectionId())) {
                return;
            }
            if (live.size() >= maxOpenPerUser) {
                throw new ConnectionLimitExceededException(record.userId(), maxOpenPerUser);
            }
            live.set(record.connectionId(), seconds(record.expiresAt()));
            long itemExpiry = nowSeconds;
            for (JsonNode expiry : live) {
                itemExpiry = Math.max(itemExpiry, Long.parseLong(expiry.path("N").asText("0")));
            }
            ObjectNode item = leaseKey(record.userId());
            item.set(LEASES, Items.m(live));
            item.set(VERSION, n(version + 1));
            item.set(TTL_ATTRIBUTE, n(itemExpiry));
            ObjectNode put = object("TableName", table, "Item", item);
            if (exists) {
                put.put("ConditionExpression", "#v = :v");
                put.set("ExpressionAttributeNames", object("#v", VERSION));
                put.set("ExpressionAttributeValues", object(":v", n(version)));
            } else {
                put.put("ConditionExpression", "attribute_not_exists(#k)");
                put.set("ExpressionAttributeNames", object("#k", CONNECTION_ID));
            }
            try {
                client.call("PutItem", put);
                return;
            } catch (AwsJsonException e) {
                if (!e.isConditionalCheckFailed()) {
                    throw DynamoErrors.translate(e, "PutItem", table);
                }
                LOG.debug("lease race lost userId={} attempt={}", record.userId(), attempt);
            }
        }
        throw new StoreConflictException("user " + record.userId() + " had more than " + MAX_LEASE_ATTEMPTS
                + " concurrent connects racing: retry the connect");
    }

    private void releaseLeaseQuietly(String userId, String connectionId) {
        try {
            // The version bump matters: a connect that read the map before this remove must not write the lease back.
            client.call("UpdateItem", object("TableName", table, "Key", leaseKey(userId),
                    "UpdateExpression", "REMOVE #l.#c ADD #v :one",
                    "ConditionExpression", "attribute_exists(#k)",
                    "ExpressionAttributeNames", object("#l", LEASES, "#c", connectionId, "#v", VERSION, "#k", CONNECTION_ID),
                    "ExpressionAttributeValues", object(":one", n(1))));
        } catch (AwsJsonException e) {
            if (e.isConditionalCheckFailed()) {
                LOG.debug("no lease item to release userId={}", userId);
            } else {
                LOG.warn("lease not released, it frees itself at expiry connectionId={} error={}", connectionId, e.errorType());
            }
        }
    }

    /** The {@code LastEvaluatedKey} of a query page, or null on the last page. */
    static JsonNode lastKey(JsonNode response) {
        JsonNode key = response.get("LastEvaluatedKey");
        return key == null || key.isEmpty() ? null : key;
    }

    private static ObjectNode leaseKey(String userId) {
        return object(CONNECTION_ID, s(LEASE_PREFIX + userId));
    }

    private static ConnectionRecord toRecord(JsonNode item) {
        return new ConnectionRecord(Items.string(item, CONNECTION_ID), Items.string(item, USER_ID),
                Items.instantMillis(item, CONNECTED_AT), Items.instantSeconds(item, TTL_ATTRIBUTE));
    }
}
