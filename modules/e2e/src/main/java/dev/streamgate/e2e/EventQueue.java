package dev.streamgate.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Events recorded by a client, read with deadlines: the only way the suite waits (never a sleep).
 * Every event also stays in {@link #history()} so a failure can show what arrived.
 */
public final class EventQueue {

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Event> history = new CopyOnWriteArrayList<>();

    void add(Event event) {
        history.add(event);
        queue.add(event);
    }

    /** The next event, or empty when none arrives within {@code timeout}. */
    public Optional<Event> poll(Duration timeout) {
        try {
            return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an event", e);
        }
    }

    /**
     * The next event.
     *
     * @throws E2eTimeoutException when none arrives within {@code timeout}
     */
    public Event next(Duration timeout) {
        return poll(timeout).orElseThrow(() -> new E2eTimeoutException(
                "no event within " + timeout.toMillis() + " ms; last events: " + tail()));
    }

    /**
     * Reads events until one matches, dropping the others from the queue (they stay in the history).
     *
     * @throws E2eTimeoutException when none matches within {@code timeout}
     */
    public Event await(String what, Predicate<Event> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<Event> e = left <= 0 ? Optional.empty() : poll(Duration.ofNanos(left));
            if (e.isEmpty()) {
                throw new E2eTimeoutException("no " + what + " within " + timeout.toMillis()
                        + " ms; last events: " + tail());
            }
            if (wanted.test(e.get())) {
                return e.get();
            }
        }
    }

    /** Reads events until one of {@code type} arrives. */
    public Event awaitType(String type, Duration timeout) {
        return await("'" + type + "' event", ev -> ev.is(type), timeout);
    }

    /** Everything received so far, in order. */
    public List<Event> history() {
        return List.copyOf(history);
    }

    /** Removes and returns whatever is queued now, without waiting. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    private String tail() {
        List<Event> h = history();
        return h.subList(Math.max(0, h.size() - 5), h.size()).toString();
    }
}
