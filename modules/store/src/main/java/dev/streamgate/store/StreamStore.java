package dev.streamgate.store;

import static dev.streamgate.store.TableDefinitions.CONNECTION_ID;
import static dev.streamgate.store.TableDefinitions.CREATED_AT;
import static dev.streamgate.store.TableDefinitions.OWNER_URL;
import static dev.streamgate.store.TableDefinitions.REQUEST_ID;
import static dev.streamgate.store.TableDefinitions.STATUS;
import static dev.streamgate.store.TableDefinitions.STREAMS_BY_CONNECTION;
import static dev.streamgate.store.TableDefinitions.STREAMS_BY_REQUEST;
import static dev.streamgate.store.TableDefinitions.STREAM_ID;
import static dev.streamgate.store.TableDefinitions.TTL_ATTRIBUTE;
import static dev.streamgate.store.TableDefinitions.UPDATED_AT;
import static dev.streamgate.store.TableDefinitions.USER_ID;
import static dev.streamgate.store.internal.Items.millis;
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
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream records in DynamoDB; every change that two writers can race on is one conditional write.
 *
 * <p>Attaching a stream to a new connection succeeds only for the stream's own user; a status changes only from
 * running to a final state, once, so of several concurrent transitions exactly one wins.
 */
public final class StreamStore {

    private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);

    private final DynamoDb client;
    private final String table;
    private final Clock clock;

    private StreamStore(DynamoDb client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store over the streams table of these definitions, on the system clock. */
    public static StreamStore create(DynamoDb client, TableDefinitions tables) {
        return create(client, tables, Clock.systemUTC());
    }

    /** A store over the streams table of these definitions, on this clock. */
    public static StreamStore create(DynamoDb client, TableDefinitions tables, Clock clock) {
        return new StreamStore(client, tables.streams().tableName(), clock);
    }

    /**
     * Writes a new stream record.
     *
     * @throws StreamAlreadyExistsException a record with this stream id exists; it was left as it was
     */
    public void create(StreamRecord record) {
        try {
            client.call("PutItem", object("TableName", table, "Item", toItem(record),
                    "ConditionExpression", "attribute_not_exists(#k)",
                    "ExpressionAttributeNames", object("#k", STREAM_ID)));
        } catch (AwsJsonException e) {
            if (e.isConditionalCheckFailed()) {
                throw new StreamAlreadyExistsException(record.streamId());
            }
            throw DynamoErrors.translate(e, "PutItem", table);
        }
        LOG.debug("stream recorded streamId={} connectionId={}", record.streamId(), record.connectionId());
    }

    /** The stream's record, read consistently, if there is one. */
    public Optional<StreamRecord> find(String streamId) {
        ObjectNode response;
        try {
            response = client.call("GetItem", object("TableName", table, "Key", key(streamId)).put("ConsistentRead", true));
        } catch (AwsJsonException e) {
            throw DynamoErrors.translate(e, "GetItem", table);
        }
        JsonNode item = response.get("Item");
        return item != null && !item.isEmpty() ? Optional.of(toRecord(item)) : Optional.empty();
    }

    /** The user's stream for a client request id (idempotent chat), read from an index. */
    public Optional<StreamRecord> findByRequest(String userId, String requestId) {
        List<StreamRecord> found = query(object("TableName", table, "IndexName", STREAMS_BY_REQUEST,
                "KeyConditionExpression", "#u = :u AND #r = :r",
                "ExpressionAttributeNames", object("#u", USER_ID, "#r", REQUEST_ID),
                "ExpressionAttributeValues", object(":u", s(userId), ":r", s(requestId))));
        return found.stream().findFirst();
    }

    /** Every stream whose events go to this connection, read from an index. */
    public List<StreamRecord> streamsOf(String connectionId) {
        return query(object("TableName", table, "IndexName", STREAMS_BY_CONNECTION,
                "KeyConditionExpression", "#c = :c",
                "ExpressionAttributeNames", object("#c", CONNECTION_ID),
                "ExpressionAttributeValues", object(":c", s(connectionId))));
    }

    /**
     * Points the stream at a new connection, only if it belongs to {@code userId}; returns the updated record.
     *
     * @throws StreamNotFoundException no such stream
     * @throws StreamOwnershipException the stream is another user's; nothing changed
     */
    public StreamRecord attach(String streamId, String userId, String connectionId) {
        Instant now = clock.instant();
        ObjectNode response;
        try {
            response = client.call("UpdateItem", object("TableName", table, "Key", key(streamId),
                    "UpdateExpression", "SET #c = :c, #up = :now",
                    "ConditionExpression", "attribute_exists(#k) AND #u = :u",
                    "ExpressionAttributeNames", object("#c", CONNECTION_ID, "#up", UPDATED_AT, "#k", STREAM_ID, "#u", USER_ID),
                    "ExpressionAttributeValues", object(":c", s(connectionId), ":now", millis(now), ":u", s(userId)),
                    "ReturnValues", "ALL_NEW"));
        } catch (AwsJsonException e) {
            if (e.isConditionalCheckFailed()) {
                throw find(streamId).isEmpty() ? new StreamNotFoundException(streamId) : new StreamOwnershipException(streamId);
            }
            throw DynamoErrors.translate(e, "UpdateItem", table);
        }
        LOG.debug("stream attached streamId={} connectionId={}", streamId, connectionId);
        return toRecord(response.path("Attributes"));
    }

    /**
     * Moves a running stream to a final status; of concurrent callers exactly one succeeds.
     *
     * @throws StreamNotFoundException no such stream
     * @throws StreamTransitionException the stream is no longer running; nothing changed
     */
    public StreamRecord transition(String streamId, StreamStatus target) {
        if (!target.isFinal()) {
            throw new IllegalArgumentException("a stream can only move to a final status, not " + target.wireName());
        }
        Instant now = clock.instant();
        ObjectNode response;
        try {
            response = client.call("UpdateItem", object("TableName", table, "Key", key(streamId),
                    "UpdateExpression", "SET #s = :target, #up = :now",
                    "ConditionExpression", "#s = :running",
                    "ExpressionAttributeNames", object("#s", STATUS, "#up", UPDATED_AT),
                    "ExpressionAttributeValues", object(":target", s(target.wireName()), ":now", millis(now),
                            ":running", s(StreamStatus.RUNNING.wireName())),
                    "ReturnValues", "ALL_NEW"));
        } catch (AwsJsonException e) {
            if (e.isConditionalCheckFailed()) {
                StreamRecord current = find(streamId).orElseThrow(() -> new StreamNotFoundException(streamId));
                throw new StreamTransitionException(streamId, current.status(), target);
            }
            throw DynamoErrors.translate(e, "UpdateItem", table);
        }
        LOG.debug("stream status changed streamId={} status={}", streamId, target.wireName());
        return toRecord(response.path("Attributes"));
    }

    private List<StreamRecord> query(ObjectNode request) {
        List<StreamRecord> result = new ArrayList<>();
        JsonNode startKey = null;
        do {
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
                result.add(toRecord(item));
            }
            startKey = ConnectionStore.lastKey(response);
        } while (startKey != null);
        return result;
    }

    private static ObjectNode key(String streamId) {
        return object(STREAM_ID, s(streamId));
    }

    private static ObjectNode toItem(StreamRecord r) {
        return object(
                STREAM_ID, s(r.streamId()),
                USER_ID, s(r.userId()),
                CONNECTION_ID, s(r.connectionId()),
                OWNER_URL, s(r.ownerUrl()),
                STATUS, s(r.status().wireName()),
                REQUEST_ID, s(r.requestId()),
                CREATED_AT, millis(r.createdAt()),
                UPDATED_AT, millis(r.updatedAt()),
                TTL_ATTRIBUTE, seconds(r.expiresAt()));
    }

    private static StreamRecord toRecord(JsonNode item) {
        return new StreamRecord(Items.string(item, STREAM_ID), Items.string(item, USER_ID), Items.string(item, CONNECTION_ID),
                Items.string(item, OWNER_URL), StreamStatus.fromWireName(Items.string(item, STATUS)), Items.string(item, REQUEST_ID),
                Items.instantMillis(item, CREATED_AT), Items.instantMillis(item, UPDATED_AT), Items.instantSeconds(item, TTL_ATTRIBUTE));
    }
}
