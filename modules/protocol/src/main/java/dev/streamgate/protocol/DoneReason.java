package dev.streamgate.protocol;

import java.util.Optional;

/** Why a stream ended, as carried in the {@code reason} field of a {@code done} event. */
public enum DoneReason {
    /** The engine finished its answer. */
    COMPLETE("complete"),
    /** The client cancelled, or the stream had no sink for longer than the grace period. */
    CANCELLED("cancelled"),
    /** The engine stopped at its length limit (max tokens). */
    LENGTH("length"),
    /** The engine failed; an {@code error} event with the details precedes this {@code done}. */
    ERROR("error");

    private final String wireName;

    DoneReason(String wireName) {
        this.wireName = wireName;
    }

    /** The lower case name used on the wire. */
    public String wireName() {
        return wireName;
    }

    /** Looks up a reason by its wire name; empty for a name this version does not know. */
    public static Optional<DoneReason> fromWireName(String wireName) {
        for (DoneReason reason : values()) {
            if (reason.wireName.equals(wireName)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
