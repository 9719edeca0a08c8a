package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 2-hour connection limit, shrunk to two seconds: the gateway closes the socket under a running stream; the
 * client reconnects and resumes, again and again, with random drops of its own crossed in.
 */
class ConnectionLimitIT {

    private static final Duration LIMIT = Duration.ofSeconds(3);
    private static final long SEED = 7L;

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain().connectionLimit(LIMIT));

    @Test
    void connectionLimitCrossedWithDrops_streamResumesWhole() {
        long tokens = 8 * 25;
        Random random = new Random(SEED);
        int limitCloses = 0;
        int drops = 0;
        WsClient client = TARGET.get().connect();
        String requestId = Streams.requestId();
        String chat = Frames.chat(requestId, "a long one", DemoAnswer.of(tokens, 25, Duration.ZERO));
        Event accepted = null;
        while (accepted == null) {
            // the limit may close a connection before its accepted arrives: chat again with the same requestId,
            // which the server treats as the same request
            client.send(chat);
            Event e = client.events().await("accepted or close", ev -> ev.is("accepted") || ev.is(Event.CLOSED),
                    Streams.ACCEPT_TIMEOUT);
            if (e.is("accepted")) {
                accepted = e;
            } else {
                limitCloses++;
                client = TARGET.get().connect();
            }
        }
        String streamId = accepted.streamId();
        Transcript t = new Transcript(streamId);
        while (!t.finished()) {
            Event e = client.events().next(Duration.ofSeconds(10));
            t.record(e);
            boolean reconnect = false;
            if (e.is(Event.CLOSED)) {
                limitCloses++;
                assertThat(e.code()).as("close by the gateway at the connection limit").isEqualTo("1001");
                reconnect = true;
            } else if (e.is("chunk") && random.nextInt(60) == 0) {
                client.abort();
                drops++;
                reconnect = true;
            }
            if (reconnect && !t.finished()) {
                client = TARGET.get().connect();
                client.send(Frames.resume(streamId, t.lastSeq()));
            }
        }
        client.close();

        Streams.assertComplete(t, tokens);
        assertThat(limitCloses).as("connections ended by the %s limit (drops: %d)", LIMIT, drops)
                .isGreaterThanOrEqualTo(1);
    }
}
