package dev.streamgate.core;

/**
 * A server event serialized once, ready for any sink: SSE writes {@code type}, {@code seq} and {@code json} as
 * an event, the {@code @connections} sink posts {@code json} as the frame.
 *
 * @param type the wire {@code type} ({@code chunk}, {@code done}, ...)
 * @param seq the content sequence number, or {@link #NO_SEQ} for events without one
 * @param json the event's JSON text
 * @param bytes the UTF-8 size of {@code json}
 */
public record OutboundEvent(String type, long seq, String json, int bytes) {

    /** Marks an event that carries no sequence number (accepted, heartbeat, handoff, error). */
    public static final long NO_SEQ = -1;

    /** Whether the event has a sequence number (and so belongs in the replay buffer). */
    public boolean hasSeq() {
        return seq != NO_SEQ;
    }
}
