package dev.streamgate.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A stream's bounded replay buffer: the content events a resuming client may still need, oldest first, at most
 * {@code maxEvents} events and {@code maxBytes} bytes of JSON (always the newest event, whatever its size).
 *
 * <p>Events are packed into a few byte arrays (segments of 1 KiB doubling to 16 KiB) with their seq and type in
 * parallel arrays, not kept as an object per event. A replay buffer lives as long as its stream, so every entry
 * survives at least one young collection; at 500 streams of 100 tokens/s the G1 pauses were mostly the copying of
 * such small objects. Events are rebuilt only when replayed, which is rare (a resume).
 *
 * <p>Segments come from and go back to a {@link SegmentPool} shared by the core's streams: a segment the bounds
 * empty, and every segment of a stream the registry lets go ({@link #release}), is used again by another stream.
 * A recycled segment is already in the old generation, and its arrays hold no references, so filling it again
 * costs a young collection nothing; a new one is copied at least once. Events are copied out of a segment when
 * replayed, so nothing outside the buffer points into one when it goes back.
 *
 * <p>Not thread-safe: the stream calls it under its lock.
 */
final class ReplayBuffer {

    static final int FIRST_SEGMENT_BYTES = 1024;
    static final int MAX_SEGMENT_BYTES = 16 * 1024;

    private final int maxEvents;
    private final long maxBytes;
    private final SegmentPool pool;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private int size;
    private long bytes;

    /** A buffer whose segments are not recycled. */
    ReplayBuffer(int maxEvents, long maxBytes) {
        this(maxEvents, maxBytes, SegmentPool.NONE);
    }

    ReplayBuffer(int maxEvents, long maxBytes, SegmentPool pool) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.pool = pool;
    }

    /** Appends {@code event}, then drops the oldest events while over a bound (never the newest). */
    void add(OutboundEvent event) {
        int length = event.bytes();
        Segment last = segments.peekLast();
        if (last == null || last.free() < length) {
            int capacity = last == null ? FIRST_SEGMENT_BYTES : Math.min(MAX_SEGMENT_BYTES, last.data.length * 2);
            while (capacity < length && capacity < MAX_SEGMENT_BYTES) {
                capacity *= 2; // a size the pool keeps
            }
            last = pool.take(Math.max(capacity, length));
            segments.addLast(last);
        }
        last.add(event);
        size++;
        bytes += length;
        while (size > 1 && (size > maxEvents || bytes > maxBytes)) {
            removeOldest();
        }
    }

    /** The seq of the oldest event held, or {@code ifEmpty}. */
    long firstSeq(long ifEmpty) {
        Segment first = segments.peekFirst();
        return first == null ? ifEmpty : first.seqs[first.first];
    }

    /**
     * Hands every event with a seq above {@code lastSeq} to {@code consumer}, oldest first, until it returns false.
     */
    void replayAfter(long lastSeq, Predicate<OutboundEvent> consumer) {
        for (Segment segment : segments) {
            for (int i = segment.first; i < segment.count; i++) {
                if (segment.seqs[i] > lastSeq && !consumer.test(segment.event(i))) {
                    return;
                }
            }
        }
    }

    /** A copy of every event held, oldest first. */
    List<OutboundEvent> events() {
        List<OutboundEvent> out = new ArrayList<>(size);
        replayAfter(Long.MIN_VALUE, out::add);
        return out;
    }

    int size() {
        return size;
    }

    /** Gives every segment back to the pool and empties the buffer; it may be filled again afterwards. */
    void release() {
        for (Segment segment : segments) {
            pool.give(segment);
        }
        segments.clear();
        size = 0;
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }

    private void removeOldest() {
        Segment first = segments.peekFirst();
        bytes -= first.length(first.first);
        first.first++;
        size--;
        if (first.first == first.count) {
            pool.give(segments.removeFirst());
        }
    }

    /**
     * One byte array of consecutive events' JSON, with each event's end offset, seq and type. The index arrays keep
     * their size when the segment is recycled; the types it held stay referenced until overwritten (they are the
     * protocol's constant type names).
     */
    static final class Segment {

        final byte[] data;
        private int used;
        private int[] ends = new int[16];
        private long[] seqs = new long[16];
        private String[] types = new String[16];
        private int count;
        private int first;

        Segment(int capacity) {
            this.data = new byte[capacity];
        }

        /** Empties the segment for its next buffer. */
        void reset() {
            used = 0;
            count = 0;
            first = 0;
        }

        int free() {
            return data.length - used;
        }

        void add(OutboundEvent event) {
            if (count == ends.length) {
                int grown = count * 2;
                ends = Arrays.copyOf(ends, grown);
                seqs = Arrays.copyOf(seqs, grown);
                types = Arrays.copyOf(types, grown);
            }
            byte[] json = event.utf8();
            System.arraycopy(json, 0, data, used, json.length);
            used += json.length;
            ends[count] = used;
            seqs[count] = event.seq();
            types[count] = event.type();
            count++;
        }

        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int length(int i) {
            return ends[i] - start(i);
        }

        OutboundEvent event(int i) {
            return new OutboundEvent(types[i], seqs[i], Arrays.copyOfRange(data, start(i), ends[i]));
        }
    }
}
