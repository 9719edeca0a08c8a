package dev.streamgate.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/** The DynamoDB tables, one per {@link TableSpec}: on-demand, TTL on, point-in-time recovery on. */
final class DataTables extends Construct {
    final Map<String, Table> byId = new LinkedHashMap<>();

    DataTables(Construct scope, String id, StreamgateConfig config) {
        super(scope, id);
        for (TableSpec spec : StreamgateTables.all()) {
            Table.Builder b = Table.Builder.create(this, spec.id())
                    // On-demand: traffic is spiky (connect storms) and small; no capacity planning to get wrong.
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .partitionKey(attribute(spec.partitionKey()))
                    // $disconnect is best effort, so expiry is what finally removes a stale connection.
                    .timeToLiveAttribute(spec.ttlAttribute())
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .encryption(TableEncryption.AWS_MANAGED)
                    .removalPolicy(config.retainTables() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
            if (spec.sortKey() != null) {
                b.sortKey(attribute(spec.sortKey()));
            }
            Table table = b.build();
            for (TableSpec.Index index : spec.indexes()) {
                GlobalSecondaryIndexProps.Builder ib = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()))
                        .projectionType(ProjectionType.ALL);
                if (index.sortKey() != null) {
                    ib.sortKey(attribute(index.sortKey()));
                }
                table.addGlobalSecondaryIndex(ib.build());
            }
            byId.put(spec.id(), table);
        }
    }

    /** Environment entries naming every table, e.g. {@code SG_CONNECTIONS_TABLE}. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (TableSpec spec : StreamgateTables.all()) {
            env.put(spec.envVar(), byId.get(spec.id()).getTableName());
        }
        return env;
    }

    Table table(String id) {
        Table t = byId.get(id);
        if (t == null) {
            throw new IllegalStateException("no table '" + id + "' in StreamgateTables.all(): the store definitions changed; "
                    + "update the grants in StreamgateStack");
        }
        return t;
    }

    private static Attribute attribute(TableSpec.Key key) {
        AttributeType type = switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
