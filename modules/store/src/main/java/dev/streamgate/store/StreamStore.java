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
import static dev.streamgate.store.internal.Items.s;
import static dev.streamgate.store.internal.Items.seconds;

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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Stream records in DynamoDB; every change that two writers can race on is one conditional write.
 *
 * <p>Attaching a stream to a new connection succeeds only for the stream's own user; a status changes only from
 * running to a final state, once, so of several concurrent transitions exactly one wins.
 */
public final class StreamStore {

    private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    private StreamStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store over the streams table of these definitions, on the system clock. */
    public static StreamStore create(DynamoDbClient client, TableDefinitions tables) {
        return create(client, tables, Clock.systemUTC());
    }

    /** A store over the streams table of these definitions, on this clock. */
    public static StreamStore create(DynamoDbClient client, TableDefinitions tables, Clock clock) {
        return new StreamStore(client, tables.streams().tableName(), clock);
    }

    /**
     * Writes a new stream record.
     *
     * @throws StreamAlreadyExistsException a record with this stream id exists; it was left as it was
     */
    public void create(StreamRecord record) {
        try {
            client.putItem(b -> b.tableName(table).item(toItem(record))
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", STREAM_ID)));
        } catch (ConditionalCheckFailedException e) {
            throw new StreamAlreadyExistsException(record.streamId());
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "PutItem", table);
        }
        LOG.debug("stream recorded streamId={} connectionId={}", record.streamId(), record.connectionId());
    }

    /** The stream's record, read consistently, if there is one. */
    public Optional<StreamRecord> find(String streamId) {
        GetItemResponse response;
        try {
            response = client.getItem(b -> b.tableName(table).key(key(streamId)).consistentRead(true));
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "GetItem", table);
        }
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toRecord(response.item())) : Optional.empty();
    }

    /** The user's stream for a client request id (idempotent chat), read from an index. */
    public Optional<StreamRecord> findByRequest(String userId, String requestId) {
        List<StreamRecord> found = query(QueryRequest.builder().tableName(table).indexName(STREAMS_BY_REQUEST)
                .keyConditionExpression("#u = :u AND #r = :r")
                .expressionAttributeNames(Map.of("#u", USER_ID, "#r", REQUEST_ID))
                .expressionAttributeValues(Map.of(":u", s(userId), ":r", s(requestId))));
        return found.stream().findFirst();
    }

    /** Every stream whose events go to this connection, read from an index. */
    public List<StreamRecord> streamsOf(String connectionId) {
        return query(QueryRequest.builder().tableName(table).indexName(STREAMS_BY_CONNECTION)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", CONNECTION_ID))
                .expressionAttributeValues(Map.of(":c", s(connectionId))));
    }

    /**
     * Points the stream at a new connection, only if it belongs to {@code userId}; returns the updated record.
     *
     * @throws StreamNotFoundException no such stream
     * @throws StreamOwnershipException the stream is another user's; nothing changed
     */
    public StreamRecord attach(String streamId, String userId, String connectionId) {
        Instant now = clock.instant();
        UpdateItemResponse response;
        try {
            response = client.updateItem(b -> b.tableName(table).key(key(streamId))
                    .updateExpression("SET #c = :c, #up = :now")
                    .conditionExpression("attribute_exists(#k) AND #u = :u")
                    .expressionAttributeNames(Map.of("#c", CONNECTION_ID, "#up", UPDATED_AT, "#k", STREAM_ID, "#u", USER_ID))
                    .expressionAttributeValues(Map.of(":c", s(connectionId), ":now", millis(now), ":u", s(userId)))
                    .returnValues(ReturnValue.ALL_NEW));
        } catch (ConditionalCheckFailedException e) {
            throw find(streamId).isEmpty() ? new StreamNotFoundException(streamId) : new StreamOwnershipException(streamId);
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "UpdateItem", table);
        }
        LOG.debug("stream attached streamId={} connectionId={}", streamId, connectionId);
        return toRecord(response.attributes());
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
        UpdateItemResponse response;
        try {
            response = client.updateItem(b -> b.tableName(table).key(key(streamId))
                    .updateExpression("SET #s = :target, #up = :now")
                    .conditionExpression("#s = :running")
                    .expressionAttributeNames(Map.of("#s", STATUS, "#up", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":target", s(target.wireName()), ":now", millis(now),
                            ":running", s(StreamStatus.RUNNING.wireName())))
                    .returnValues(ReturnValue.ALL_NEW));
        } catch (ConditionalCheckFailedException e) {
            StreamRecord current = find(streamId).orElseThrow(() -> new StreamNotFoundException(streamId));
            throw new StreamTransitionException(streamId, current.status(), target);
        } catch (SdkException e) {
            throw DynamoErrors.translate(e, "UpdateItem", table);
        }
        LOG.debug("stream status changed streamId={} status={}", streamId, target.wireName());
        return toRecord(response.attributes());
    }

    private List<StreamRecord> query(QueryRequest.Builder request) {
        List<StreamRecord> result = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse response;
            try {
                response = client.query(request.build());
            } catch (SdkException e) {
                throw DynamoErrors.translate(e, "Query", table);
            }
            response.items().stream().map(StreamStore::toRecord).forEach(result::add);
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        return result;
    }

    private static Map<String, AttributeValue> key(String streamId) {
        return Map.of(STREAM_ID, s(streamId));
    }

    private static Map<String, AttributeValue> toItem(StreamRecord r) {
        return Map.of(
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

    private static StreamRecord toRecord(Map<String, AttributeValue> item) {
        return new StreamRecord(Items.string(item, STREAM_ID), Items.string(item, USER_ID), Items.string(item, CONNECTION_ID),
                Items.string(item, OWNER_URL), StreamStatus.fromWireName(Items.string(item, STATUS)), Items.string(item, REQUEST_ID),
                Items.instantMillis(item, CREATED_AT), Items.instantMillis(item, UPDATED_AT), Items.instantSeconds(item, TTL_ATTRIBUTE));
    }
}
