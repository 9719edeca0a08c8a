package dev.streamgate.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @connections} answers 10% 429 and 2% 500: the core retries, nothing is lost and order is kept. */
class ConnectionFaultsIT {

    @RegisterExtension
    static final TargetExtension TARGET = new TargetExtension(TargetOptions.plain().connectionFaults(0.10, 0.02, 42L));

    @Test
    void throttledAndFailingPosts_streamsArriveWholeAndInOrder() {
        long tokens = 600;
        List<CompletableFuture<Transcript>> streams = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                streams.add(CompletableFuture.supplyAsync(() -> {
                    try (WsClient client = TARGET.get().connect()) {
                        Transcript t = new Transcript(Streams.chat(client, DemoAnswer.of(tokens, 200, Duration.ZERO)));
                        Streams.follow(client, t, Duration.ofSeconds(20));
                        return t;
                    }
                }, pool));
            }
            for (CompletableFuture<Transcript> s : streams) {
                Streams.assertComplete(s.join(), tokens);
            }
        }
    }
}
