package dev.streamgate.e2e;

/**
 * The test-only levers of a target; each method is backed only when the target declares its {@link Capability}.
 * A remote target has none of them.
 */
public interface TargetControl extends AutoCloseable {

    /** Kills the core instance that owns {@code streamId}, with no goodbye ({@link Capability#KILL_CORE}). */
    void killOwnerOf(String streamId);

    /** The index (0-based) of the core instance owning {@code streamId} ({@link Capability#MULTIPLE_CORES}). */
    int ownerIndexOf(String streamId);

    /** {@code @connections} POSTs made so far, billed as ceil(bytes / 32 KB) each ({@link Capability#RECORDED_CALLS}). */
    long billedMessages();

    /** Stops whatever the target started (nothing for a remote target). */
    @Override
    void close();

    /** The control of a target that has no levers. */
    static TargetControl none() {
        return new TargetControl() {
            @Override
            public void killOwnerOf(String streamId) {
                throw new UnsupportedOperationException("this target cannot kill a core");
            }

            @Override
            public int ownerIndexOf(String streamId) {
                throw new UnsupportedOperationException("this target does not expose stream owners");
            }

            @Override
            public long billedMessages() {
                throw new UnsupportedOperationException("this target does not record @connections calls");
            }

            @Override
            public void close() {
                // nothing was started
            }
        };
    }
}
