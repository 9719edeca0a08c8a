package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Steps every scenario shares: start a chat, follow a stream to its end. */
final class Streams {

    static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);

    private Streams() {
    }

    static String requestId() {
        return "req-" + UUID.randomUUID();
    }

    /**
     * Sends a chat and returns the stream id from its {@code accepted}. A retryable {@code error} is answered the way
     * a client should: the same chat again, same {@code requestId} (the server treats it as the same request).
     */
    static String chat(WsClient client, Map<String, ?> options) {
        String requestId = requestId();
        Event accepted = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            client.send(Frames.chat(requestId, "tell me a long story", options));
            accepted = client.events().await("accepted for " + requestId,
                    e -> e.is("accepted") && requestId.equals(e.text("requestId"))
                            || e.is("error") && requestId.equals(e.text("requestId")), ACCEPT_TIMEOUT);
            if (!(accepted.is("error") && accepted.json().path("retryable").asBoolean())) {
                break;
            }
        }
        assertThat(accepted.type()).as("answer to chat %s: %s", requestId, accepted).isEqualTo("accepted");
        assertThat(accepted.streamId()).isNotBlank();
        return accepted.streamId();
    }

    /**
     * Records events of {@code t}'s stream until {@code done}; an {@code error} about the stream fails the scenario.
     * {@code maxSilence} bounds the wait for each next event (heartbeats count).
     */
    static void follow(WsClient client, Transcript t, Duration maxSilence) {
        while (!t.finished()) {
            Event e = client.events().next(maxSilence);
            if (e.is("error") && (t.streamId().equals(e.streamId()) || e.streamId() == null)) {
                throw new AssertionError("stream " + t.streamId() + " failed: " + e);
            }
            t.record(e);
        }
    }

    /**
     * Reads events into {@code t} until one matches {@code wanted}, which is returned (and also recorded). A closure
     * of the connection or an {@code error} fails the scenario unless it is what is wanted.
     */
    static Event recordUntil(WsClient client, Transcript t, String what, java.util.function.Predicate<Event> wanted,
            Duration timeout) {
        return client.events().await(what, e -> {
            t.record(e);
            if (wanted.test(e)) {
                return true;
            }
            if (e.is(Event.CLOSED) || e.is("error")) {
                throw new AssertionError("unexpected while waiting for " + what + ": " + e);
            }
            return false;
        }, timeout);
    }

    /** Reads events into {@code t} until {@code n} more chunks of it arrived or it finished. */
    static void recordChunks(WsClient client, Transcript t, int n, Duration timeout) {
        long target = t.chunks().size() + n;
        if (n <= 0) {
            return;
        }
        recordUntil(client, t, n + " chunks", e -> t.finished() || t.chunks().size() >= target, timeout);
    }

    /** Asserts the transcript is whole: done with {@code complete}, no gap, no duplicate, {@code tokens} tokens of text. */
    static void assertComplete(Transcript t, long tokens) {
        assertThat(t.problems()).as("gaps/duplicates in %s", t.streamId()).isEmpty();
        assertThat(t.done()).as("done of %s", t.streamId()).isNotNull();
        assertThat(t.done().reason()).isEqualTo("complete");
        assertThat(t.chunks()).isNotEmpty();
        assertThat(t.chunks().get(0).seq()).as("first seq").isZero();
        // the demo engine emits one word and a space per token
        assertThat(t.text().split(" ")).as("words in %s", t.streamId()).hasSize((int) tokens);
    }
}
