package dev.streamgate.core;

import java.util.concurrent.ThreadFactory;

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
 */
final class BulkThreads {

    private BulkThreads() {
    }

    /** Daemon platform threads named {@code prefix0}, {@code prefix1}, ... at {@link Thread#MIN_PRIORITY}. */
    static ThreadFactory factory(String prefix) {
        return Thread.ofPlatform().name(prefix, 0).daemon(true).priority(Thread.MIN_PRIORITY).factory();
    }
}
