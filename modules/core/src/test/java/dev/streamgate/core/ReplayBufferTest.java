package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static OutboundEvent event(long seq, String text) {
        return new OutboundEvent("chunk", seq, ("{\"type\":\"chunk\",\"seq\":" + seq + ",\"text\":\"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static List<OutboundEvent> events(long from, long to, String text) {
        List<OutboundEvent> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            out.add(event(seq, text + seq));
        }
        return out;
    }

    @Test
    void keepsEveryEventByteForByteAcrossSegments() {
        ReplayBuffer buffer = new ReplayBuffer(100_000, Long.MAX_VALUE);
        List<OutboundEvent> added = events(0, 1999, "é😀 word "); // about 80 KB: 1 + 2 + 4 + 8 KiB, then 16 KiB segments
        added.forEach(buffer::add);
        assertThat(buffer.events()).containsExactlyElementsOf(added);
        assertThat(buffer.size()).isEqualTo(2000);
        assertThat(buffer.bytes()).isEqualTo(added.stream().mapToLong(OutboundEvent::bytes).sum());
        assertThat(buffer.firstSeq(-7)).isZero();
    }

    @Test
    void dropsTheOldestOverTheEventBound() {
        ReplayBuffer buffer = new ReplayBuffer(10, Long.MAX_VALUE);
        List<OutboundEvent> added = events(0, 499, "x");
        added.forEach(buffer::add);
        assertThat(buffer.events()).containsExactlyElementsOf(added.subList(490, 500));
        assertThat(buffer.firstSeq(-1)).isEqualTo(490);
        assertThat(buffer.bytes()).isEqualTo(added.subList(490, 500).stream().mapToLong(OutboundEvent::bytes).sum());
    }

    @Test
    void dropsTheOldestOverTheByteBoundButAlwaysKeepsTheNewest() {
        List<OutboundEvent> added = events(0, 9, "a"); // all the same size
        long bound = added.get(0).bytes() * 3L;
        ReplayBuffer buffer = new ReplayBuffer(1000, bound);
        added.forEach(buffer::add);
        assertThat(buffer.bytes()).isLessThanOrEqualTo(bound);
        assertThat(buffer.events()).containsExactlyElementsOf(added.subList(7, 10));

        OutboundEvent huge = event(10, "y".repeat(40_000)); // larger than the bound and than a segment
        buffer.add(huge);
        assertThat(buffer.events()).containsExactly(huge);
        buffer.add(event(11, "b"));
        assertThat(buffer.events()).containsExactly(event(11, "b"));
    }

    @Test
    void emptyBufferReportsTheGivenFirstSeqAndReplaysNothing() {
        ReplayBuffer buffer = new ReplayBuffer(1, 1);
        assertThat(buffer.firstSeq(42)).isEqualTo(42);
        List<OutboundEvent> seen = new ArrayList<>();
        buffer.replayAfter(-1, seen::add);
        assertThat(seen).isEmpty();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void replaysOnlyAfterTheGivenSeqAndStopsWhenTheConsumerRefuses() {
        ReplayBuffer buffer = new ReplayBuffer(1000, Long.MAX_VALUE);
        List<OutboundEvent> added = events(0, 299, "text ");
        added.forEach(buffer::add);

        List<OutboundEvent> after = new ArrayList<>();
        buffer.replayAfter(249, after::add);
        assertThat(after).containsExactlyElementsOf(added.subList(250, 300));

        List<OutboundEvent> taken = new ArrayList<>();
        buffer.replayAfter(99, e -> taken.add(e) && taken.size() < 5);
        assertThat(taken).containsExactlyElementsOf(added.subList(100, 105));
    }

    @Test
    void aBufferDrainedToOneSegmentAndRefilledKeepsOrder() {
        ReplayBuffer buffer = new ReplayBuffer(3, Long.MAX_VALUE);
        List<OutboundEvent> all = new ArrayList<>();
        for (long seq = 0; seq < 5000; seq++) {
            OutboundEvent e = event(seq, seq % 7 == 0 ? "z".repeat(3000) : "t");
            all.add(e);
            buffer.add(e);
            assertThat(buffer.firstSeq(-1)).isEqualTo(Math.max(0, seq - 2));
        }
        assertThat(buffer.events()).containsExactlyElementsOf(all.subList(4997, 5000));
    }

    @Test
    void segmentsTheBoundsEmptyGoBackToThePoolAndAnotherBufferReadsOnlyItsOwnEvents() {
        SegmentPool pool = new SegmentPool(1 << 20);
        ReplayBuffer first = new ReplayBuffer(20, Long.MAX_VALUE, pool);
        events(0, 999, "first buffer ").forEach(first::add); // segments fill and are emptied by the 20-event bound
        assertThat(pool.freeBytes()).isPositive();

        long pooled = pool.freeBytes();
        ReplayBuffer second = new ReplayBuffer(100_000, Long.MAX_VALUE, pool);
        List<OutboundEvent> added = events(0, 499, "2nd ");
        added.forEach(second::add);
        assertThat(pool.freeBytes()).isLessThan(pooled); // it took recycled segments
        assertThat(second.events()).containsExactlyElementsOf(added); // and none of the first buffer's bytes
        assertThat(first.events()).containsExactlyElementsOf(events(980, 999, "first buffer "));
    }

    @Test
    void releaseGivesEverySegmentBackAndLeavesAnEmptyBufferThatCanBeFilledAgain() {
        SegmentPool pool = new SegmentPool(1 << 20);
        ReplayBuffer buffer = new ReplayBuffer(100_000, Long.MAX_VALUE, pool);
        events(0, 1999, "é😀 word ").forEach(buffer::add);
        buffer.release();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.firstSeq(77)).isEqualTo(77);
        assertThat(buffer.events()).isEmpty();
        // 1 + 2 + 4 + 8 KiB, then 16 KiB segments: every one of them is free again
        assertThat(pool.freeBytes()).isGreaterThan(80_000).isEqualTo(pool.freeBytes() / 1024 * 1024);

        List<OutboundEvent> again = events(2000, 2099, "again ");
        again.forEach(buffer::add);
        assertThat(buffer.events()).containsExactlyElementsOf(again);
    }
}
