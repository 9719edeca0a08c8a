package dev.streamgate.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

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

    /** The SDK request that creates this table (TTL is enabled separately: infra does it, emulators do not need it). */
    public CreateTableRequest toCreateTableRequest() {
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (GlobalIndex index : indexes) {
            List<KeySchemaElement> schema = new ArrayList<>();
            schema.add(KeySchemaElement.builder().attributeName(index.partitionKey().name()).keyType(KeyType.HASH).build());
            index.sortKeyIfAny().ifPresent(k ->
                    schema.add(KeySchemaElement.builder().attributeName(k.name()).keyType(KeyType.RANGE).build()));
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(schema)
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build())
                .attributeDefinitions(keyAttributes().stream()
                        .map(k -> AttributeDefinition.builder().attributeName(k.name()).attributeType(k.type().wireName()).build())
                        .toList());
        if (!gsis.isEmpty()) {
            builder.globalSecondaryIndexes(gsis);
        }
        return builder.build();
    }
}
