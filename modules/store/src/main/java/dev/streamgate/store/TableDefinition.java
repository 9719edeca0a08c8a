package dev.streamgate.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB table as plain data (name, partition key, indexes, TTL attribute), the single source for tests and infra.
 *
 * <p>Every table is on-demand (pay per request) and has a partition key only; indexes project all attributes.
 *
 * @param tableName physical table name
 * @param partitionKey the table's partition key
 * @param indexes global secondary indexes
 * @param ttlAttribute name of the epoch-seconds attribute DynamoDB TTL deletes by
 */
public record TableDefinition(String tableName, KeyAttribute partitionKey, List<GlobalIndex> indexes, String ttlAttribute) {

    /** Validates and copies the fields. */
    public TableDefinition {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(partitionKey, "partitionKey");
        indexes = List.copyOf(indexes);
        Objects.requireNonNull(ttlAttribute, "ttlAttribute");
    }

    /** Returns the index with this name. */
    public GlobalIndex index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + tableName + " has no index " + name));
    }

    /** Every attribute that appears in a key of the table or of an index, once, in declaration order. */
    public List<KeyAttribute> keyAttributes() {
        Map<String, KeyAttribute> byName = new LinkedHashMap<>();
        byName.put(partitionKey.name(), partitionKey);
        for (GlobalIndex index : indexes) {
            byName.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            index.sortKeyIfAny().ifPresent(k -> byName.putIfAbsent(k.name(), k));
        }
        return List.copyOf(byName.values());
    }

    /**
     * The {@code CreateTable} request body (DynamoDB JSON) that creates this table; TTL is enabled separately: infra
     * does it, emulators do not need it.
     */
    public ObjectNode toCreateTableJson() {
        ObjectNode request = DynamoDb.object().put("TableName", tableName).put("BillingMode", "PAY_PER_REQUEST");
        request.putArray("KeySchema").add(keyElement(partitionKey.name(), "HASH"));
        ArrayNode definitions = request.putArray("AttributeDefinitions");
        for (KeyAttribute k : keyAttributes()) {
            definitions.add(DynamoDb.object().put("AttributeName", k.name()).put("AttributeType", k.type().wireName()));
        }
        if (!indexes.isEmpty()) {
            ArrayNode gsis = request.putArray("GlobalSecondaryIndexes");
            for (GlobalIndex index : indexes) {
                ObjectNode gsi = gsis.addObject().put("IndexName", index.name());
                ArrayNode schema = gsi.putArray("KeySchema");
                schema.add(keyElement(index.partitionKey().name(), "HASH"));
                index.sortKeyIfAny().ifPresent(k -> schema.add(keyElement(k.name(), "RANGE")));
                gsi.putObject("Projection").put("ProjectionType", "ALL");
            }
        }
        return request;
    }

    private static ObjectNode keyElement(String name, String type) {
        return DynamoDb.object().put("AttributeName", name).put("KeyType", type);
    }
}
