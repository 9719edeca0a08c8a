package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TableDefinitionsTest {

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    @Test
    void createTableRequests_describeBothTablesWithTheirIndexes() {
        List<ObjectNode> requests = TableDefinitions.named("c", "s").createTableRequests();

        assertThat(requests).extracting(r -> r.path("TableName").asText()).containsExactly("c", "s");
        assertThat(requests).allSatisfy(r -> assertThat(r.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST"));
        assertThat(texts(requests.get(0).path("GlobalSecondaryIndexes"), "IndexName")).containsExactly("byUser");
        assertThat(texts(requests.get(1).path("GlobalSecondaryIndexes"), "IndexName")).containsExactly("byConnection", "byUserRequest");
        assertThat(StreamSupport.stream(requests.get(1).path("AttributeDefinitions").spliterator(), false)
                .map(a -> a.path("AttributeName").asText() + ":" + a.path("AttributeType").asText()))
                .containsExactly("streamId:S", "connectionId:S", "userId:S", "requestId:S");
        assertThat(requests.get(0).path("GlobalSecondaryIndexes").get(0).path("KeySchema").toString())
                .isEqualTo("[{\"AttributeName\":\"userId\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"connectedAt\",\"KeyType\":\"RANGE\"}]");
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

    @Test
    void publicEndpoint_isTheRegionalOneWithTheChinaSuffixInChina() {
        assertThat(DynamoDb.publicEndpoint("eu-west-1").toString()).isEqualTo("https://dynamodb.eu-west-1.amazonaws.com");
        assertThat(DynamoDb.publicEndpoint("cn-north-1").toString()).isEqualTo("https://dynamodb.cn-north-1.amazonaws.com.cn");
    }
}
