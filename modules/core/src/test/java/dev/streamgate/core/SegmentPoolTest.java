package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SegmentPoolTest {

    @Test
    void aGivenSegmentIsTakenAgainEmptyForItsOwnSizeOnly() {
        SegmentPool pool = new SegmentPool(1 << 20);
        ReplayBuffer.Segment segment = pool.take(4096);
        segment.add(new OutboundEvent("chunk", 3, "{\"seq\":3}".getBytes(StandardCharsets.UTF_8)));
        pool.give(segment);
        assertThat(pool.freeBytes()).isEqualTo(4096);

        assertThat(pool.take(2048)).isNotSameAs(segment);
        ReplayBuffer.Segment again = pool.take(4096);
        assertThat(again).isSameAs(segment);
        assertThat(again.free()).isEqualTo(4096);
        assertThat(pool.freeBytes()).isZero();
    }

    @Test
    void keepsNoMoreThanItsBoundAndNoSizeItDoesNotPool() {
        SegmentPool pool = new SegmentPool(40_000);
        for (int i = 0; i < 5; i++) {
            pool.give(new ReplayBuffer.Segment(16 * 1024));
        }
        assertThat(pool.freeBytes()).isEqualTo(2 * 16 * 1024);
        pool.give(new ReplayBuffer.Segment(3000)); // an odd size: one event's own segment
        pool.give(new ReplayBuffer.Segment(32 * 1024)); // over the largest size
        assertThat(pool.freeBytes()).isEqualTo(2 * 16 * 1024);

        SegmentPool none = SegmentPool.NONE;
        none.give(new ReplayBuffer.Segment(1024));
        assertThat(none.freeBytes()).isZero();
    }

    @Test
    void buffersOnManyThreadsSharingOnePoolEachReplayExactlyTheirOwnEvents() throws Exception {
        SegmentPool pool = new SegmentPool(256 * 1024); // small: segments are both recycled and dropped
        int threads = 8;
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "thread" + t;
                results.add(executor.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        ReplayBuffer buffer = new ReplayBuffer(64, Long.MAX_VALUE, pool);
                        List<OutboundEvent> added = new ArrayList<>();
                        for (long seq = 0; seq < 300; seq++) {
                            OutboundEvent e = new OutboundEvent("chunk", seq, ("{\"owner\":\"" + owner + "\",\"round\":" + round
                                    + ",\"seq\":" + seq + ",\"pad\":\"" + "p".repeat((int) (seq % 97)) + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                            added.add(e);
                            buffer.add(e);
                        }
                        if (!buffer.events().equals(added.subList(300 - 64, 300))) {
                            return false;
                        }
                        buffer.release();
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        assertThat(pool.freeBytes()).isPositive().isLessThanOrEqualTo(256 * 1024);
    }
}
