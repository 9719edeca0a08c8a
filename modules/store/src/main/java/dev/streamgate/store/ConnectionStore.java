package dev.streamgate.store;

import static dev.streamgate.store.TableDefinitions.CONNECTED_AT;
import static dev.streamgate.store.TableDefinitions.CONNECTION_ID;
import static dev.streamgate.store.TableDefinitions.CONNECTIONS_BY_USER;
import static dev.streamgate.store.TableDefinitions.TTL_ATTRIBUTE;
import static dev.streamgate.store.TableDefinitions.USER_ID;
import static dev.streamgate.store.internal.Items.millis;
import static dev.streamgate.store.internal.Items.n;
import static dev.streamgate.store.internal.Items.s;
import static dev.streamgate.store.internal.Items.seconds;

import dev.streamgate.store.internal.DynamoErrors;
import dev.streamgate.store.internal.Items;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

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

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    private ConnectionStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store over the connections table of these definitions, on the system clock. */
    public static ConnectionStore create(DynamoDbClient client, TableDefinitions tables) {
        return create(client, tables, Clock.systemUTC());
    }

    /** A store over the connections table of these definitions, on this clock. */
    public static ConnectionStore create(DynamoDbClient client, TableDefinitions tables, Clock clock) {
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
            Map<String, AttributeValue> item = Map.of(
                    CONNECTION_ID, s(connectionId),
                    USER_ID, s(userId),
                    CONNECTED_AT, millis(record.connectedAt()),
                    TTL_ATTRIBUTE, seconds(record.expiresAt()));
            client.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            releaseLeaseQuietly(userId, connectionId);
            throw DynamoErrors.translate(e, "PutItem", table);
        }
        LOG.debug("connection recorded connectionId={} userId={}", connectionId, userId);
        return record;
    }

    /** The record of this connection, if there is one (possibly past its TTL: see {@link ConnectionRecord#isExpired}). */
    public Optional<ConnectionRecord> find(String connectionId) {
        GetItemResponse response;
        try {
            response = client.getItem(b -> b.tableName(table).key(Map.of(CONNECTION_ID, s(connectionId))).consistentRead(true));
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "GetItem", table);
        }
        return response.hasItem() && response.item().containsKey(USER_ID) ? Optional.of(toRecord(response.item())) : Optional.empty();
    }

    /** The user's connections that are not past their TTL, oldest first (read from an index: eventually consistent). */
    public List<ConnectionRecord> connectionsOf(String userId) {
        Instant now = clock.instant();
        List<ConnectionRecord> result = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(CONNECTIONS_BY_USER)
                    .keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", USER_ID))
                    .expressionAttributeValues(Map.of(":u", s(userId)));
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse response;
            try {
                response = client.query(request.build());
            } catch (SdkException e) {
                throw DynamoErrors.translate(e, "Query", table);
            }
            response.items().stream().map(ConnectionStore::toRecord).filter(r -> !r.isExpired(now)).forEach(result::add);
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
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
        DeleteItemResponse response;
        try {
            response = client.deleteItem(b -> b.tableName(table).key(Map.of(CONNECTION_ID, s(connectionId)))
                    .returnValues(ReturnValue.ALL_OLD));
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "DeleteItem", table);
        }
        if (!response.hasAttributes() || !response.attributes().containsKey(USER_ID)) {
            return Optional.empty();
        }
        ConnectionRecord record = toRecord(response.attributes());
        releaseLeaseQuietly(record.userId(), connectionId);
        LOG.debug("connection deleted connectionId={}", connectionId);
        return Optional.of(record);
    }

    private void claimLease(ConnectionRecord record, int maxOpenPerUser) {
        Map<String, AttributeValue> key = leaseKey(record.userId());
        long nowSeconds = record.connectedAt().getEpochSecond();
        for (int attempt = 1; attempt <= MAX_LEASE_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current;
            try {
                current = client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            } catch (SdkException e) {
                throw DynamoErrors.translate(e, "GetItem", table);
            }
            boolean exists = current != null && !current.isEmpty();
            long version = exists ? Items.number(current, VERSION) : 0;
            Map<String, AttributeValue> live = new HashMap<>();
            if (exists && current.containsKey(LEASES)) {
                current.get(LEASES).m().forEach((id, expiry) -> {
                    if (Long.parseLong(expiry.n()) > nowSeconds) {
                        live.put(id, expiry);
                    }
                });
            }
            if (live.containsKey(record.connectionId())) {
                return;
            }
            if (live.size() >= maxOpenPerUser) {
                throw new ConnectionLimitExceededException(record.userId(), maxOpenPerUser);
            }
            live.put(record.connectionId(), seconds(record.expiresAt()));
            long itemExpiry = live.values().stream().mapToLong(v -> Long.parseLong(v.n())).max().orElse(nowSeconds);
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put(LEASES, AttributeValue.fromM(live));
            item.put(VERSION, n(version + 1));
            item.put(TTL_ATTRIBUTE, n(itemExpiry));
            try {
                if (exists) {
                    client.putItem(b -> b.tableName(table).item(item).conditionExpression("#v = :v")
                            .expressionAttributeNames(Map.of("#v", VERSION))
                            .expressionAttributeValues(Map.of(":v", n(version))));
                } else {
                    client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#k)")
                            .expressionAttributeNames(Map.of("#k", CONNECTION_ID)));
                }
                return;
            } catch (ConditionalCheckFailedException e) {
                LOG.debug("lease race lost userId={} attempt={}", record.userId(), attempt);
            } catch (SdkException e) {
                throw DynamoErrors.translate(e, "PutItem", table);
            }
        }
        throw new StoreConflictException("user " + record.userId() + " had more than " + MAX_LEASE_ATTEMPTS
                + " concurrent connects racing: retry the connect");
    }

    private void releaseLeaseQuietly(String userId, String connectionId) {
        try {
            // The version bump matters: a connect that read the map before this remove must not write the lease back.
            client.updateItem(b -> b.tableName(table).key(leaseKey(userId))
                    .updateExpression("REMOVE #l.#c ADD #v :one")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#l", LEASES, "#c", connectionId, "#v", VERSION, "#k", CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":one", n(1))));
        } catch (ConditionalCheckFailedException e) {
            LOG.debug("no lease item to release userId={}", userId);
        } catch (SdkException e) {
            LOG.warn("lease not released, it frees itself at expiry connectionId={} error={}", connectionId, e.getClass().getSimpleName());
        }
    }

    private static Map<String, AttributeValue> leaseKey(String userId) {
        return Map.of(CONNECTION_ID, s(LEASE_PREFIX + userId));
    }

    private static ConnectionRecord toRecord(Map<String, AttributeValue> item) {
        return new ConnectionRecord(Items.string(item, CONNECTION_ID), Items.string(item, USER_ID),
                Items.instantMillis(item, CONNECTED_AT), Items.instantSeconds(item, TTL_ATTRIBUTE));
    }
}
