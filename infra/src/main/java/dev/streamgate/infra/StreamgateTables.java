package dev.streamgate.infra;

import dev.streamgate.store.GlobalIndex;
import dev.streamgate.store.KeyAttribute;
import dev.streamgate.store.TableDefinition;
import dev.streamgate.store.TableDefinitions;
import java.util.List;

/**
 * The tables the stack creates, translated from the store module's {@link TableDefinitions} (keys, indexes,
 * TTL attribute). Physical names are left to CloudFormation so that several stacks fit one account; the
 * deployables learn them from {@code SG_CONNECTIONS_TABLE} / {@code SG_STREAMS_TABLE}, the variables
 * {@link TableDefinitions#fromEnvironment} reads.
 */
public final class StreamgateTables {

    private StreamgateTables() {
    }

    /** Every table, connections first. */
    public static List<TableSpec> all() {
        TableDefinitions defs = TableDefinitions.defaults();
        return List.of(
                spec("connections", "SG_CONNECTIONS_TABLE", defs.connections()),
                spec("streams", "SG_STREAMS_TABLE", defs.streams()));
    }

    private static TableSpec spec(String id, String envVar, TableDefinition def) {
        return new TableSpec(id, envVar, key(def.partitionKey()), null, def.ttlAttribute(),
                def.indexes().stream().map(StreamgateTables::index).toList());
    }

    private static TableSpec.Index index(GlobalIndex i) {
        return new TableSpec.Index(i.name(), key(i.partitionKey()), i.sortKey() == null ? null : key(i.sortKey()));
    }

    private static TableSpec.Key key(KeyAttribute k) {
        TableSpec.KeyType type = switch (k.type()) {
            case STRING -> TableSpec.KeyType.S;
            case NUMBER -> TableSpec.KeyType.N;
        };
        return new TableSpec.Key(k.name(), type);
    }
}
