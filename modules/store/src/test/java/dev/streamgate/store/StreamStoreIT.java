package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamStoreIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private final StreamStore store = StreamStore.create(DYNAMO.client(), DYNAMO.tables());

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private StreamRecord running(String userId, String connectionId) {
        StreamRecord record = StreamRecord.started(id("s"), userId, connectionId, "http://10.0.0.7:8080", id("r"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        store.create(record);
        return record;
    }

    @Test
    void create_thenFind_returnsTheSameRecordWithItsTtlInEpochSeconds() {
        StreamRecord record = running(id("u"), id("c"));

        assertThat(store.find(record.streamId())).contains(record);
        JsonNode raw = DYNAMO.rawItem(DYNAMO.tables().streams().tableName(), "streamId", record.streamId());
        assertThat(Long.parseLong(raw.path("expiresAt").path("N").asText())).isEqualTo(record.createdAt().plus(StreamRecord.DEFAULT_TTL).getEpochSecond());
        assertThat(store.find(id("missing"))).isEmpty();
    }

    @Test
    void create_whenTheIdExists_refusesAndKeepsTheFirst() {
        StreamRecord record = running(id("u"), id("c"));
        StreamRecord impostor = StreamRecord.started(record.streamId(), id("u"), id("c"), "http://x", id("r"), Instant.now());

        assertThatThrownBy(() -> store.create(impostor)).isInstanceOf(StreamAlreadyExistsException.class);
        assertThat(store.find(record.streamId())).map(StreamRecord::userId).contains(record.userId());
    }

    @Test
    void indexes_findStreamsByConnectionAndByUserAndRequestId() {
        String user = id("u");
        String connection = id("c");
        StreamRecord a = running(user, connection);
        StreamRecord b = running(user, connection);
        running(user, id("c"));

        assertThat(store.streamsOf(connection)).extracting(StreamRecord::streamId).containsExactlyInAnyOrder(a.streamId(), b.streamId());
        assertThat(store.findByRequest(user, a.requestId())).map(StreamRecord::streamId).contains(a.streamId());
        assertThat(store.findByRequest(id("u"), a.requestId())).isEmpty();
    }

    @Test
    void attach_bySameUser_movesTheStreamToTheNewConnection() {
        StreamRecord record = running(id("u"), id("c"));
        String next = id("c");

        StreamRecord attached = store.attach(record.streamId(), record.userId(), next);

        assertThat(attached.connectionId()).isEqualTo(next);
        assertThat(store.streamsOf(next)).extracting(StreamRecord::streamId).containsExactly(record.streamId());
    }

    @Test
    void attach_byAnotherUser_isRefusedAndChangesNothing() {
        StreamRecord record = running(id("u"), id("c"));

        assertThatThrownBy(() -> store.attach(record.streamId(), id("intruder"), id("c"))).isInstanceOf(StreamOwnershipException.class);
        assertThatThrownBy(() -> store.attach(id("missing"), record.userId(), id("c"))).isInstanceOf(StreamNotFoundException.class);
        assertThat(store.find(record.streamId())).map(StreamRecord::connectionId).contains(record.connectionId());
    }

    @Test
    void attach_whenManyThreadsRace_neverLetsAnotherUserWin() throws Exception {
        StreamRecord record = running(id("u"), id("c"));
        int threads = 12;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> ownConnections = new ArrayList<>();
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                boolean own = i % 2 == 0;
                String connection = id(own ? "own" : "foreign");
                if (own) {
                    ownConnections.add(connection);
                }
                String user = own ? record.userId() : id("intruder");
                results.add(pool.submit(() -> {
                    go.await();
                    return store.attach(record.streamId(), user, connection);
                }));
            }
            go.countDown();
            int refused = 0;
            for (Future<?> result : results) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StreamOwnershipException.class);
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(threads / 2);
            assertThat(store.find(record.streamId())).map(StreamRecord::connectionId).get().isIn(ownConnections);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transition_whenManyThreadsRace_exactlyOneForwardTransitionWins() throws Exception {
        StreamRecord record = running(id("u"), id("c"));
        StreamStatus[] targets = {StreamStatus.COMPLETED, StreamStatus.CANCELLED, StreamStatus.FAILED};
        int threads = 9;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<StreamRecord>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                StreamStatus target = targets[i % targets.length];
                results.add(pool.submit(() -> {
                    go.await();
                    return store.transition(record.streamId(), target);
                }));
            }
            go.countDown();
            List<StreamStatus> winners = new ArrayList<>();
            for (Future<StreamRecord> result : results) {
                try {
                    winners.add(result.get().status());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StreamTransitionException.class);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(store.find(record.streamId())).map(StreamRecord::status).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transition_fromAFinalStatus_isRefusedWithTheCurrentStatus() {
        StreamRecord record = running(id("u"), id("c"));
        store.transition(record.streamId(), StreamStatus.COMPLETED);

        assertThatThrownBy(() -> store.transition(record.streamId(), StreamStatus.CANCELLED))
                .isInstanceOfSatisfying(StreamTransitionException.class, e -> assertThat(e.current()).isEqualTo(StreamStatus.COMPLETED));
        assertThatThrownBy(() -> store.transition(record.streamId(), StreamStatus.RUNNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.transition(id("missing"), StreamStatus.FAILED)).isInstanceOf(StreamNotFoundException.class);
    }
}
