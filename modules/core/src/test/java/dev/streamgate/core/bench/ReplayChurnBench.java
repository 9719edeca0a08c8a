package dev.streamgate.core.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.core.CoreConfig;
import dev.streamgate.core.CoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The young-collection pauses of a core in a steady state of streams starting and ending, long enough that ended
 * streams are let go (a minute after their end) while new ones start: {@code streams} SSE streams run at once, each
 * of about {@code tokens} tokens at {@code rate} tokens/s (0.5 to 1.5 times {@code tokens}, so they do not end
 * together), and each one that ends is replaced at once by a new one. Over the last {@code measure} of
 * {@code seconds} seconds it prints the G1 young pauses (count, p50, max, total) and the events delivered per second.
 * Its question is what the replay buffers' memory costs the collector when it is recycled
 * ({@code SG_REPLAY_POOL_BYTES}, default a sixteenth of the heap) and when it is not ({@code 0}).
 *
 * <p>Arguments (all optional): {@code streams=500 tokens=2000 rate=100 seconds=150 measure=60 poolBytes=<default>}.
 */
public final class ReplayChurnBench {

    private static final long READ_PACING_MS = 20;

    private ReplayChurnBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = 500;
        int tokens = 2000;
        int rate = 100;
        int seconds = 150;
        int measure = 60;
        long poolBytes = -1;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "streams" -> streams = Integer.parseInt(kv[1]);
                case "tokens" -> tokens = Integer.parseInt(kv[1]);
                case "rate" -> rate = Integer.parseInt(kv[1]);
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "measure" -> measure = Integer.parseInt(kv[1]);
                case "poolBytes" -> poolBytes = Long.parseLong(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + "; use streams=, tokens=, rate=, seconds=, measure=, poolBytes=");
            }
        }
        CoreConfig.Builder builder = CoreConfig.builder().host("127.0.0.1").port(0).heartbeatInterval(Duration.ofSeconds(5))
                .gracePeriod(Duration.ofMillis(200));
        if (poolBytes >= 0) {
            builder.replayPoolBytes(poolBytes);
        }
        CoreConfig config = builder.build();
        String token = TokenIssuer.forConfig(config.jwt()).issue("bench-user");
        List<long[]> pauses = new ArrayList<>(); // {end time ns, duration ms}
        listenToYoungPauses(pauses);
        try (CoreServer core = CoreServer.start(config); Selector selector = Selector.open()) {
            Random random = new Random(42);
            AtomicLong events = new AtomicLong();
            AtomicLong ended = new AtomicLong();
            for (int i = 0; i < streams; i++) {
                SseBench.openStream(selector, core.port(), SseBench.request(token, tokens / 2 + random.nextInt(tokens + 1), rate));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            int port = core.port();
            int max = tokens;
            int tokensPerSecond = rate;
            Thread reader = Thread.ofPlatform().name("churn-bench-reader").priority(Thread.MIN_PRIORITY).start(() -> {
                Random next = new Random(7);
                ByteBuffer buffer = ByteBuffer.allocate(65536);
                try {
                    while (running.get()) {
                        selector.select();
                        for (SelectionKey key : selector.selectedKeys()) {
                            SseBench.EventCounter counter = (SseBench.EventCounter) key.attachment();
                            buffer.clear();
                            int n = ((SocketChannel) key.channel()).read(buffer);
                            long before = counter.events;
                            if (n > 0) {
                                counter.feed(buffer.array(), n);
                            }
                            events.addAndGet(counter.events - before);
                            if (n < 0 || counter.done) {
                                key.channel().close();
                                ended.incrementAndGet();
                                SseBench.openStream(selector, port, SseBench.request(token, max / 2 + next.nextInt(max + 1), tokensPerSecond));
                            }
                        }
                        selector.selectedKeys().clear();
                        Thread.sleep(READ_PACING_MS); // pacing, not a wait for a condition
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep((seconds - measure) * 1000L); // the run before the measured window, not a wait for a condition
            long from = System.nanoTime();
            long eventsFrom = events.get();
            long endedFrom = ended.get();
            Thread.sleep(measure * 1000L); // the measured window
            long to = System.nanoTime();
            long delivered = events.get() - eventsFrom;
            long endedIn = ended.get() - endedFrom;
            running.set(false);
            selector.wakeup();
            reader.join();
            long[] window;
            synchronized (pauses) {
                window = pauses.stream().filter(p -> p[0] >= from && p[0] <= to).mapToLong(p -> p[1]).sorted().toArray();
            }
            long total = Arrays.stream(window).sum();
            // CHECKSTYLE.OFF: NoSystemOut
            System.out.println();
            System.out.printf("Replay churn: %d streams of %d-%d tokens at %d tokens/s, each replaced when it ends; the last %d of "
                    + "%d s measured; replay pool %s; in-process core, %d cores, max heap %d MiB%n%n", streams, tokens / 2,
                    tokens * 3 / 2, rate, measure, seconds, poolBytes < 0 ? "default (a sixteenth of the heap)" : poolBytes + " bytes",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("| young pauses | p50 (ms) | max (ms) | total (ms) | pause share | streams ended | events/s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %d | %d | %d | %d | %.2f %% | %d | %.0f |%n", window.length,
                    window.length == 0 ? 0 : window[(window.length - 1) / 2], window.length == 0 ? 0 : window[window.length - 1],
                    total, total * 100.0 / ((to - from) / 1e6), endedIn, delivered / ((to - from) / 1e9));
            // CHECKSTYLE.ON: NoSystemOut
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    /** Records each young collection's end (System.nanoTime) and duration (ms) as the JVM reports it. */
    private static void listenToYoungPauses(List<long[]> pauses) {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) bean).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (info.getGcAction().contains("minor")) {
                    synchronized (pauses) {
                        pauses.add(new long[] {System.nanoTime(), info.getGcInfo().getDuration()});
                    }
                }
            }, null, null);
        }
    }
}
