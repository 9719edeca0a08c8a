package dev.streamgate.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A server event serialized once, ready for any sink: SSE frames {@code type}, {@code seq} and the JSON as an
 * event, the {@code @connections} sink posts the JSON as the frame. The JSON is kept as the UTF-8 bytes both
 * send paths write, so no event is decoded to a {@code String} and encoded again, and a replay buffer entry is
 * two objects, not three.
 *
 * @param type the wire {@code type} ({@code chunk}, {@code done}, ...)
 * @param seq the content sequence number, or {@link #NO_SEQ} for events without one
 * @param utf8 the event's JSON in UTF-8; never modified after construction, so shared by every sink
 */
public record OutboundEvent(String type, long seq, byte[] utf8) {

    /** Marks an event that carries no sequence number (accepted, heartbeat, handoff, error). */
    public static final long NO_SEQ = -1;

    /** Whether the event has a sequence number (and so belongs in the replay buffer). */
    public boolean hasSeq() {
        return seq != NO_SEQ;
    }

    /** The UTF-8 size of the JSON. */
    public int bytes() {
        return utf8.length;
    }

    /** The JSON as text, decoded on each call: for tests and diagnostics; the send paths use {@link #utf8}. */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboundEvent o && seq == o.seq && type.equals(o.type) && Arrays.equals(utf8, o.utf8);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Long.hashCode(seq)) + Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return "OutboundEvent[type=" + type + ", seq=" + seq + ", json=" + json() + "]";
    }
}
