package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BulkThreadsTest {

    /** Busy for at least {@code nanos} of wall time, so the scheduler's measure of a run is bounded below. */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aThreadRunningTasksBackToBackYieldsAtLeastOncePerSlice() throws Exception {
        BulkThreads.Scheduler scheduler = BulkThreads.scheduler(1, "bulk-test-");
        try {
            CountDownLatch gate = new CountDownLatch(1);
            scheduler.submit(() -> {
                gate.await();
                return null;
            });
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) { // queued behind the gate: the thread runs them one after the other
                tasks.add(scheduler.submit(() -> spin(BulkThreads.SLICE_NANOS / 2 + 1)));
            }
            gate.countDown();
            for (Future<?> task : tasks) {
                task.get(10, TimeUnit.SECONDS);
            }
            // 20 half slices: a yield after every second task (10); at least half of those even if the thread
            // was descheduled between two tasks on a busy machine, which starts its run again
            assertThat(scheduler.yields()).isGreaterThanOrEqualTo(5);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void shortTasksWithTheThreadAsleepInBetweenDoNotYield() throws Exception {
        BulkThreads.Scheduler scheduler = BulkThreads.scheduler(1, "bulk-test-");
        try {
            for (int i = 0; i < 5; i++) { // one at a time: the thread waits for each in the queue
                scheduler.submit(() -> { }).get(10, TimeUnit.SECONDS);
            }
            assertThat(scheduler.yields()).isZero();
            assertThat(scheduler.getThreadFactory().newThread(() -> { }).getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            assertThat(scheduler.getRemoveOnCancelPolicy()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
