package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionStoreIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private final ConnectionStore store = ConnectionStore.create(DYNAMO.client(), DYNAMO.tables());

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void connect_writesRecordWithTtlInEpochSecondsPastTheTwoHourLimit() {
        String connectionId = id("c");
        ConnectionRecord record = store.connect(connectionId, id("u"), 5);

        assertThat(store.find(connectionId)).contains(record);
        JsonNode raw = DYNAMO.rawItem(DYNAMO.tables().connections().tableName(), "connectionId", connectionId);
        long ttl = Long.parseLong(raw.path("expiresAt").path("N").asText());
        assertThat(ttl).isEqualTo(record.connectedAt().plus(Duration.ofMinutes(130)).getEpochSecond());
        assertThat(Instant.ofEpochSecond(ttl)).isAfter(record.connectedAt().plus(ConnectionRecord.MAX_CONNECTION_DURATION));
    }

    @Test
    void connectionsOf_listsTheUsersConnectionsFromTheIndex() {
        String user = id("u");
        store.connect("a-" + user, user, 5);
        store.connect("b-" + user, user, 5);
        store.connect(id("other"), id("u"), 5);

        assertThat(store.connectionsOf(user)).extracting(ConnectionRecord::connectionId).containsExactlyInAnyOrder("a-" + user, "b-" + user);
    }

    @Test
    void connect_whenUserIsAtTheLimit_refusesAndWritesNothing() {
        String user = id("u");
        store.connect(id("c"), user, 2);
        store.connect(id("c"), user, 2);
        String third = id("c");

        assertThatThrownBy(() -> store.connect(third, user, 2)).isInstanceOf(ConnectionLimitExceededException.class)
                .hasMessageContaining("limit");
        assertThat(store.find(third)).isEmpty();
        assertThat(store.connectionsOf(user)).hasSize(2);
    }

    @Test
    void disconnect_deletesTheRecordAndFreesTheSlot() {
        String user = id("u");
        String first = id("c");
        store.connect(first, user, 1);

        assertThat(store.disconnect(first)).map(ConnectionRecord::userId).contains(user);
        assertThat(store.disconnect(first)).isEmpty();
        assertThat(store.find(first)).isEmpty();
        String second = id("c");
        store.connect(second, user, 1);
        assertThat(store.find(second)).isPresent();
    }

    @Test
    void connect_whenAnOldConnectionWasNeverDisconnected_letsItsLeaseExpire() {
        String user = id("u");
        store.connect(id("c"), user, 1);
        Clock threeHoursLater = Clock.fixed(Instant.now().plus(3, ChronoUnit.HOURS), ZoneOffset.UTC);
        ConnectionStore later = ConnectionStore.create(DYNAMO.client(), DYNAMO.tables(), threeHoursLater);

        String fresh = id("c");
        later.connect(fresh, user, 1);

        assertThat(later.connectionsOf(user)).extracting(ConnectionRecord::connectionId).containsExactly(fresh);
    }

    @Test
    void connect_whenManyConnectsOfOneUserRace_admitsExactlyTheLimit() throws Exception {
        String user = id("u");
        int threads = 8;
        int limit = 3;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String connectionId = id("c" + i);
            tasks.add(() -> {
                go.await();
                try {
                    store.connect(connectionId, user, limit);
                    return true;
                } catch (ConnectionLimitExceededException e) {
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = tasks.stream().map(pool::submit).toList();
            go.countDown();
            long admitted = 0;
            for (Future<Boolean> result : results) {
                admitted += result.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(limit);
            assertThat(store.connectionsOf(user)).hasSize(limit);
        } finally {
            pool.shutdownNow();
        }
    }
}
