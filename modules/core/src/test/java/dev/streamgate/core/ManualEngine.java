package dev.streamgate.core;

import java.util.concurrent.CountDownLatch;

/** An engine the test drives by hand through {@link #output}. */
final class ManualEngine implements ChatEngine {

    volatile EngineOutput output;
    volatile ChatRequest request;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public EngineRun start(ChatRequest req, EngineOutput out) {
        this.request = req;
        this.output = out;
        started.countDown();
        return cancelled::countDown;
    }
}
