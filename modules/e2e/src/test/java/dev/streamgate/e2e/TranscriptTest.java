package dev.streamgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptTest {

    private static Event chunk(long seq, String text) {
        return Event.parse("{\"type\":\"chunk\",\"streamId\":\"s1\",\"seq\":" + seq + ",\"text\":\"" + text + "\"}", 0);
    }

    private static Event done(long seq) {
        return Event.parse("{\"type\":\"done\",\"streamId\":\"s1\",\"seq\":" + seq + ",\"reason\":\"complete\"}", 0);
    }

    @Test
    void record_whenSeqsAreContiguous_reportsNoProblemAndJoinsTheText() {
        Transcript t = new Transcript("s1");
        t.record(chunk(0, "a "));
        t.record(chunk(1, "b "));
        t.record(done(2));

        assertThat(t.problems()).isEmpty();
        assertThat(t.text()).isEqualTo("a b ");
        assertThat(t.finished()).isTrue();
        assertThat(t.lastSeq()).isEqualTo(1);
    }

    @Test
    void record_whenAChunkRepeatsOrSkips_reportsTheDuplicateAndTheGap() {
        Transcript t = new Transcript("s1");
        t.record(chunk(0, "a "));
        t.record(chunk(0, "a "));
        t.record(chunk(2, "c "));

        assertThat(t.problems()).containsExactly("duplicate or reordered seq 0 after 0", "gap: seq 2 after 0");
        assertThat(t.text()).isEqualTo("a c ");
    }

    @Test
    void record_whenAChunkArrivesAfterDone_reportsIt() {
        Transcript t = new Transcript("s1");
        t.record(chunk(0, "a "));
        t.record(done(1));
        t.record(chunk(1, "b "));

        assertThat(t.problems()).hasSize(1).first().asString().startsWith("after done");
    }

    @Test
    void record_ignoresOtherStreamsAndHeartbeats() {
        Transcript t = new Transcript("s1");
        t.record(Event.parse("{\"type\":\"chunk\",\"streamId\":\"s2\",\"seq\":5,\"text\":\"x\"}", 0));
        t.record(Event.parse("{\"type\":\"heartbeat\",\"streamId\":\"s1\"}", 0));

        assertThat(t.chunks()).isEmpty();
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void parse_whenTheFrameHasNoType_keepsItVisibleAsUntyped() {
        Event e = Event.parse("{\"message\":\"Endpoint request timed out\"}", 0);

        assertThat(e.type()).isEqualTo("<untyped>");
    }
}
