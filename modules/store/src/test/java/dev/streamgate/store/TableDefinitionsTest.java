package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

class TableDefinitionsTest {

    @Test
    void createTableRequests_describeBothTablesWithTheirIndexes() {
        var requests = TableDefinitions.named("c", "s").createTableRequests();

        assertThat(requests).extracting(CreateTableRequest::tableName).containsExactly("c", "s");
        assertThat(requests).allSatisfy(r -> assertThat(r.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST));
        assertThat(requests.get(0).globalSecondaryIndexes()).extracting(GlobalSecondaryIndex::indexName).containsExactly("byUser");
        assertThat(requests.get(1).globalSecondaryIndexes()).extracting(GlobalSecondaryIndex::indexName)
                .containsExactly("byConnection", "byUserRequest");
        assertThat(requests.get(1).attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactly("streamId:S", "connectionId:S", "userId:S", "requestId:S");
    }

    @Test
    void definitions_nameTheTtlAttributeOfEveryTable() {
        assertThat(TableDefinitions.defaults().all()).allSatisfy(t -> assertThat(t.ttlAttribute()).isEqualTo("expiresAt"));
    }

    @Test
    void fromEnvironment_takesTableNamesFromSgVariables() {
        var tables = TableDefinitions.fromEnvironment(Map.of("SG_CONNECTIONS_TABLE", "prod-conn", "SG_STREAMS_TABLE", "prod-streams"));

        assertThat(tables.connections().tableName()).isEqualTo("prod-conn");
        assertThat(tables.streams().tableName()).isEqualTo("prod-streams");
        assertThat(TableDefinitions.fromEnvironment(Map.of())).isEqualTo(TableDefinitions.defaults());
    }
}
