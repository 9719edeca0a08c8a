package dev.streamgate.infra;

import java.util.List;
import java.util.Objects;

/**
 * What infra needs to know about one DynamoDB table: keys, indexes, TTL attribute and the environment
 * variable through which the deployables learn its (generated) name. Built from the store module's
 * table definitions by {@link StreamgateTables}; infra never invents keys of its own.
 *
 * @param id short name, used for construct ids and outputs (e.g. {@code connections})
 * @param envVar environment variable carrying the table name (e.g. {@code SG_CONNECTIONS_TABLE})
 * @param partitionKey partition key
 * @param sortKey sort key, or null when the table has none
 * @param ttlAttribute epoch-seconds attribute DynamoDB expires items by
 * @param indexes global secondary indexes
 */
public record TableSpec(String id, String envVar, Key partitionKey, Key sortKey, String ttlAttribute, List<Index> indexes) {

    /** Checks the required parts and copies the index list. */
    public TableSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envVar, "envVar");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(ttlAttribute, "ttlAttribute");
        indexes = List.copyOf(indexes);
    }

    /** DynamoDB scalar key types. */
    public enum KeyType {
        /** String. */
        S,
        /** Number. */
        N,
        /** Binary. */
        B
    }

    /**
     * A key attribute.
     *
     * @param name attribute name
     * @param type attribute type
     */
    public record Key(String name, KeyType type) {
        /** A string key, the common case. */
        public static Key string(String name) {
            return new Key(name, KeyType.S);
        }
    }

    /**
     * A global secondary index, projected ALL (the records are small).
     *
     * @param name index name
     * @param partitionKey index partition key
     * @param sortKey index sort key, or null
     */
    public record Index(String name, Key partitionKey, Key sortKey) {
    }
}
