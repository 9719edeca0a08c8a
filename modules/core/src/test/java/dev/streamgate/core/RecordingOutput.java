package dev.streamgate.core;

import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.Usage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An engine output that gathers the text and the end, for engine tests without a stream. */
class RecordingOutput implements EngineOutput {

    /** How the answer ended: a done reason (with usage) or a failure. */
    record End(DoneReason reason, Usage usage, EngineException failure) {
    }

    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<End> end = new CompletableFuture<>();

    @Override
    public boolean text(String t) {
        text.append(t);
        return !end.isDone();
    }

    @Override
    public boolean consumerSlow() {
        return false;
    }

    @Override
    public void done(DoneReason reason, Usage usage) {
        end.complete(new End(reason, usage, null));
    }

    @Override
    public void failed(EngineException failure) {
        end.complete(new End(null, null, failure));
    }

    End awaitEnd() throws Exception {
        return awaitEnd(10, TimeUnit.SECONDS);
    }

    End awaitEnd(long timeout, TimeUnit unit) throws Exception {
        return end.get(timeout, unit);
    }

    String text() {
        return text.toString();
    }
}
