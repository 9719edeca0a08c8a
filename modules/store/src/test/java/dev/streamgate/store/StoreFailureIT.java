package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreFailureIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private static DynamoDb clientFor(URI endpoint) {
        return DynamoDbClients.create(endpoint, "us-east-1", DynamoDbClients.localCredentials());
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void everyOperation_whenTheEmulatorIsStopped_throwsStoreUnavailable() {
        try (DynamoDbEmulator dynamo = DynamoDbEmulator.create().start()) {
            ConnectionStore connections = ConnectionStore.create(dynamo.client(), dynamo.tables());
            StreamStore streams = StreamStore.create(dynamo.client(), dynamo.tables());
            dynamo.stop();

            assertThatThrownBy(() -> connections.connect(id("c"), id("u"), 3)).isExactlyInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("reachable");
            assertThatThrownBy(() -> connections.disconnect(id("c"))).isExactlyInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> streams.find(id("s"))).isExactlyInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> streams.streamsOf(id("c"))).isExactlyInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void connect_whenNothingListensOnTheEndpoint_throwsStoreUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDb client = clientFor(URI.create("http://127.0.0.1:" + closedPort))) {
            ConnectionStore store = ConnectionStore.create(client, TableDefinitions.defaults());

            assertThatThrownBy(() -> store.connect(id("c"), id("u"), 3)).isExactlyInstanceOf(StoreUnavailableException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"})
    void operations_whenDynamoDbThrottles_throwStoreThrottledAfterOneRetry(String errorType) throws IOException {
        try (FaultyDynamoDb throttling = FaultyDynamoDb.failingEverything(400, errorType);
             DynamoDb client = clientFor(throttling.endpoint())) {
            ConnectionStore connections = ConnectionStore.create(client, TableDefinitions.defaults());
            StreamStore streams = StreamStore.create(client, TableDefinitions.defaults());

            assertThatThrownBy(() -> connections.connect(id("c"), id("u"), 3)).isInstanceOf(StoreThrottledException.class)
                    .hasMessageContaining("throttled");
            assertThat(throttling.faults()).isEqualTo(DynamoDbClients.MAX_ATTEMPTS);
            assertThatThrownBy(() -> streams.transition(id("s"), StreamStatus.CANCELLED)).isInstanceOf(StoreThrottledException.class);
        }
    }

    @Test
    void connect_whenTheRecordWriteFailsAfterTheLeaseWasTaken_leavesNothingBehind() throws IOException {
        String user = id("u");
        String connectionId = id("c");
        // Fail only PutItem of the connection record itself; the lease item (key user#...) goes through.
        try (FaultyDynamoDb proxy = FaultyDynamoDb.proxyFailing(DYNAMO.endpoint(),
                request -> request.startsWith("DynamoDB_20120810.PutItem") && request.contains(connectionId) && !request.contains("user#"),
                500, "InternalServerError");
             DynamoDb client = clientFor(proxy.endpoint())) {
            ConnectionStore failing = ConnectionStore.create(client, DYNAMO.tables());

            assertThatThrownBy(() -> failing.connect(connectionId, user, 1)).isInstanceOf(StoreUnavailableException.class);
            assertThat(proxy.faults()).isPositive();
        }
        ConnectionStore store = ConnectionStore.create(DYNAMO.client(), DYNAMO.tables());
        assertThat(store.find(connectionId)).isEmpty();
        JsonNode lease = DYNAMO.rawItem(DYNAMO.tables().connections().tableName(), "connectionId", "user#" + user);
        assertThat(lease.path("leases").path("M").has(connectionId)).isFalse();
        store.connect(id("c"), user, 1);
    }

    @Test
    void transition_whenDynamoDbFails_leavesTheStatusUnchanged() throws IOException {
        StreamStore store = StreamStore.create(DYNAMO.client(), DYNAMO.tables());
        StreamRecord record = StreamRecord.started(id("s"), id("u"), id("c"), "http://owner", id("r"), Instant.now());
        store.create(record);
        try (FaultyDynamoDb proxy = FaultyDynamoDb.proxyFailing(DYNAMO.endpoint(), request -> request.contains("UpdateItem"),
                500, "InternalServerError");
             DynamoDb client = clientFor(proxy.endpoint())) {
            StreamStore failing = StreamStore.create(client, DYNAMO.tables());

            assertThatThrownBy(() -> failing.transition(record.streamId(), StreamStatus.FAILED))
                    .isExactlyInstanceOf(StoreUnavailableException.class);
        }
        assertThat(store.find(record.streamId())).map(StreamRecord::status).contains(StreamStatus.RUNNING);
    }
}
