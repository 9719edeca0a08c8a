package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.auth.RequestSigner;
import dev.streamgate.core.internal.Json;
import dev.streamgate.store.DynamoDbEmulator;
import dev.streamgate.store.StreamRecord;
import dev.streamgate.store.StreamStatus;
import dev.streamgate.store.StreamStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core writes stream records (owner = its advertised address) to DynamoDB (dynalite here). */
class StreamRecordsIT {

    @RegisterExtension
    static final DynamoDbEmulator DYNAMO = DynamoDbEmulator.create();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final StreamStore store = StreamStore.create(DYNAMO.client(), DYNAMO.tables());
    private ScriptedConnections connections;
    private CoreServer core;

    @AfterEach
    void stop() {
        if (core != null) {
            core.close();
        }
        if (connections != null) {
            connections.close();
        }
    }

    @Test
    void createdStream_isRecordedWithTheAdvertisedOwner_andItsEndIsRecordedToo() throws Exception {
        connections = new ScriptedConnections();
        ManualEngine engine = new ManualEngine();
        CoreConfig config = CoreConfig.builder().host("127.0.0.1").port(0).advertisedUrl("http://10.1.2.3:8080").build();
        core = CoreServer.start(config, engine, store);
        assertThat(core.ownerUrl()).isEqualTo("http://10.1.2.3:8080");
        String path = "/internal/v1/streams";
        byte[] body = ("{\"connectionId\":\"c1\",\"userId\":\"u1\",\"requestId\":\"r1\",\"message\":\"hi\",\"managementEndpoint\":\""
                + connections.endpoint() + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(core.localUri().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.create(config.signing()).sign("POST", path, body).forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        String streamId = Json.MAPPER.readTree(r.body()).get("streamId").asText();

        // the write is queued behind the 202 (accepted does not wait for DynamoDB): poll for it
        long recordDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.find(streamId).isEmpty() && System.nanoTime() < recordDeadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll interval, bounded by the deadline
        }
        StreamRecord record = store.find(streamId).orElseThrow();
        assertThat(record.ownerUrl()).isEqualTo("http://10.1.2.3:8080");
        assertThat(record.connectionId()).isEqualTo("c1");
        assertThat(record.status()).isEqualTo(StreamStatus.RUNNING);

        assertThat(engine.started.await(5, TimeUnit.SECONDS)).isTrue();
        core.registry().find(streamId).orElseThrow().cancel();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.find(streamId).orElseThrow().status() == StreamStatus.RUNNING && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval, bounded by the deadline
        }
        assertThat(store.find(streamId).orElseThrow().status()).isEqualTo(StreamStatus.CANCELLED);
    }
}
