package dev.streamgate.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A global secondary index as plain data: name, partition key, optional sort key; every index projects all attributes.
 *
 * @param name index name
 * @param partitionKey the index partition key
 * @param sortKey the index sort key, or {@code null} for none
 */
public record GlobalIndex(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {

    /** Validates the required fields; {@code sortKey} may be null. */
    public GlobalIndex {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
    }

    /** Returns the sort key when the index has one. */
    public Optional<KeyAttribute> sortKeyIfAny() {
        return Optional.ofNullable(sortKey);
    }
}
