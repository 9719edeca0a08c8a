package dev.streamgate.core;

/** A running engine answer; the handle to stop it. */
public interface EngineRun {

    /** Stops producing as soon as possible and releases what the run holds; idempotent. */
    void cancel();
}
