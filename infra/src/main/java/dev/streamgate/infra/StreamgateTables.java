package dev.streamgate.infra;

import java.util.List;

/**
 * The tables the stack creates, taken from the store module's definitions.
 *
 * <p>Until {@code dev.streamgate.store.TableDefinitions} is on main this mirrors the shape agreed in
 * TEAM.md; {@code StreamgateTablesTest} pins it so that the switch shows up as a test diff.
 */
public final class StreamgateTables {

    private StreamgateTables() {
    }

    /** Every table, in a stable order. */
    public static List<TableSpec> all() {
        return List.of(
                new TableSpec("connections", "SG_CONNECTIONS_TABLE", TableSpec.Key.string("connectionId"), null, "expiresAt",
                        List.of(new TableSpec.Index("byUser", TableSpec.Key.string("userId"), null))),
                new TableSpec("streams", "SG_STREAMS_TABLE", TableSpec.Key.string("streamId"), null, "expiresAt",
                        List.of(new TableSpec.Index("byRequest", TableSpec.Key.string("userId"), TableSpec.Key.string("requestId")))));
    }
}
