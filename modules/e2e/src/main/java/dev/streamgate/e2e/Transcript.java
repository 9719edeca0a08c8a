package dev.streamgate.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What one client saw of one stream, across any number of connections: every {@code chunk} in arrival order,
 * the {@code done}, and every gap or duplicate in {@code seq}. "Nothing lost, nothing duplicated, order kept" is
 * {@link #problems()} being empty with a {@code done} seen.
 */
public final class Transcript {

    private final String streamId;
    private final List<Event> chunks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private long lastSeq = -1;
    private Event done;

    /** An empty transcript of {@code streamId}. */
    public Transcript(String streamId) {
        this.streamId = streamId;
    }

    /**
     * Records one event of this stream: a {@code chunk} must carry {@code lastSeq + 1}; a {@code done} ends the
     * transcript. Other events (heartbeats) are ignored.
     */
    public synchronized void record(Event e) {
        if (!streamId.equals(e.streamId())) {
            return;
        }
        if (done != null && (e.is("chunk") || e.is("done"))) {
            problems.add("after done: " + e);
            return;
        }
        if (e.is("chunk")) {
            long seq = e.seq();
            if (seq <= lastSeq) {
                problems.add("duplicate or reordered seq " + seq + " after " + lastSeq);
                return;
            }
            if (seq != lastSeq + 1) {
                problems.add("gap: seq " + seq + " after " + lastSeq);
            }
            lastSeq = seq;
            chunks.add(e);
            text.append(e.chunkText());
        } else if (e.is("done")) {
            if (e.seq() >= 0 && e.seq() <= lastSeq) {
                problems.add("done seq " + e.seq() + " not after last chunk seq " + lastSeq);
            }
            done = e;
        }
    }

    /** The stream id. */
    public String streamId() {
        return streamId;
    }

    /** The highest chunk seq seen, -1 before the first: what a client sends in {@code resume}. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The {@code done} event, or {@code null} while the stream runs. */
    public synchronized Event done() {
        return done;
    }

    /** True once {@code done} arrived. */
    public synchronized boolean finished() {
        return done != null;
    }

    /** Gaps, duplicates and events after done, in the order they were seen. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** The chunks seen, in order. */
    public synchronized List<Event> chunks() {
        return List.copyOf(chunks);
    }

    /** The concatenated chunk text. */
    public synchronized String text() {
        return text.toString();
    }
}
