package dev.streamgate.core;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Threads for the work that keeps running streams going: the demo engine's clock, coalescing flushes and their
 * writes, heartbeats, grace and budget timers. They run at {@link Thread#MIN_PRIORITY}, so that when the cores are
 * busy, starting a new stream (accept, token check, its {@code accepted} event) goes ahead of the next batch of
 * tokens for streams already running: a token a millisecond late inside a 20 ms coalescing window is invisible, a
 * slow first event is not.
 *
 * <p>The JVM applies Java thread priorities on Linux only when started with {@code -XX:ThreadPriorityPolicy=1};
 * then {@code MIN_PRIORITY} is nice 4. Lowering a thread's priority needs no privilege (the JVM still prints a
 * warning when not run as root: it is about raising priorities, which the core never does). The core image sets
 * the flag; without it these threads simply run at the normal priority.
 *
 * <p>A lower priority alone does not make a woken request thread run at once. Linux's scheduler (EEVDF) lets the
 * running thread finish its time slice before a woken one of higher priority takes its core, and with a 250 Hz
 * tick that was up to 4 ms: {@code perf sched} showed the accept and request threads waiting 1.5 to 3.7 ms behind
 * a timer thread working through one flush after another. So the bulk schedulers give the core up
 * ({@link Thread#yield}) whenever a thread has run their tasks for {@link #SLICE_NANOS} without a pause; a yield
 * with nobody waiting costs a system call.
 */
final class BulkThreads {

    /** How long a bulk thread runs tasks back to back before it yields. */
    static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** A gap between two tasks longer than this means the thread slept in between: its run starts again. */
    private static final long IDLE_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private BulkThreads() {
    }

    /**
     * A scheduler on {@code threads} bulk threads named {@code prefix0}, ... that yields every slice of work; a
     * cancelled task leaves its queue at once (streams cancel timers all the time).
     */
    static Scheduler scheduler(int threads, String prefix) {
        return new Scheduler(threads, factory(prefix));
    }

    /** A scheduled executor whose threads yield after running tasks back to back for {@link #SLICE_NANOS}. */
    static final class Scheduler extends ScheduledThreadPoolExecutor {

        private final ThreadLocal<long[]> run = ThreadLocal.withInitial(() -> new long[2]); // {run start, last task end}
        private final LongAdder yields = new LongAdder();

        private Scheduler(int threads, ThreadFactory factory) {
            super(threads, factory);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            long[] times = run.get();
            long now = System.nanoTime();
            if (now - times[1] > IDLE_GAP_NANOS) {
                times[0] = now;
            }
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            long[] times = run.get();
            long now = System.nanoTime();
            if (now - times[0] >= SLICE_NANOS) {
                Thread.yield();
                yields.increment();
                now = System.nanoTime();
                times[0] = now;
            }
            times[1] = now;
        }

        /** How many times its threads have yielded (for tests). */
        long yields() {
            return yields.sum();
        }
    }

    /** Daemon platform threads named {@code prefix0}, {@code prefix1}, ... at {@link Thread#MIN_PRIORITY}. */
    static ThreadFactory factory(String prefix) {
        return Thread.ofPlatform().name(prefix, 0).daemon(true).priority(Thread.MIN_PRIORITY).factory();
    }
}
