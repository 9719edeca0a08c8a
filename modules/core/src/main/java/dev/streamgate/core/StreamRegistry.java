package dev.streamgate.core;

import dev.streamgate.protocol.ChatOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The streams this core instance owns, by id and by (user, request id) so a repeated chat finds its stream
 * instead of starting a second one. Ended streams stay findable for the grace period (at least a minute), so a
 * late resume can still read the end of the answer and a retried chat gets the same stream.
 */
public final class StreamRegistry implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StreamSession.Settings settings;
    private final SegmentPool segments;
    private final ScheduledThreadPoolExecutor timers;
    private final Map<String, StreamSession> byId = new ConcurrentHashMap<>();
    private final Map<String, StreamSession> byRequest = new ConcurrentHashMap<>();
    private volatile Consumer<StreamSession> endedListener = s -> { };

    /** What {@link #open} found or made. */
    public record Opened(StreamSession session, boolean created) {
    }

    /** Creates a registry with the core's stream settings. */
    public StreamRegistry(CoreConfig config) {
        this.settings = StreamSession.Settings.of(config);
        this.segments = new SegmentPool(config.replayPoolBytes());
        this.timers = BulkThreads.scheduler(2, "stream-timer-");
    }

    /**
     * Returns the stream of ({@code userId}, {@code requestId}) if there is one, else creates it (not started).
     */
    public Opened open(String userId, String requestId, String message, String conversationId, ChatOptions options) {
        String key = userId + '\n' + requestId;
        boolean[] created = {false};
        StreamSession session = byRequest.computeIfAbsent(key, k -> {
            created[0] = true;
            String id = newStreamId();
            StreamSession s = new StreamSession(new ChatRequest(id, userId, requestId, message, conversationId, options),
                    settings, segments, timers, () -> ended(id, k));
            byId.put(id, s);
            return s;
        });
        return new Opened(session, created[0]);
    }

    /** The stream with this id, if this instance has it. */
    public Optional<StreamSession> find(String streamId) {
        return Optional.ofNullable(byId.get(streamId));
    }

    /** Number of streams held (running or recently ended). */
    public int size() {
        return byId.size();
    }

    /** The timers streams use; handlers schedule budgets on them too. */
    ScheduledThreadPoolExecutor timers() {
        return timers;
    }

    /** Registers the one listener told when a stream ends (e.g. to finish its stream record). */
    public void onEnded(Consumer<StreamSession> listener) {
        endedListener = listener;
    }

    private void ended(String id, String key) {
        StreamSession session = byId.get(id);
        if (session != null) {
            endedListener.accept(session);
        }
        retire(id, key);
    }

    private void retire(String id, String key) {
        if (timers.isShutdown()) {
            return;
        }
        // kept at least a minute so a client retrying its chat (same requestId) still finds the stream
        timers.schedule(() -> {
            StreamSession session = byId.remove(id);
            byRequest.remove(key);
            if (session != null) {
                session.release();
            }
        }, Math.max(settings.gracePeriod().toMillis(), 60_000), TimeUnit.MILLISECONDS);
    }

    private static String newStreamId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "s_" + HexFormat.of().formatHex(bytes);
    }

    /** Cancels every running stream and stops the timers. */
    @Override
    public void close() {
        byId.values().forEach(StreamSession::cancel);
        timers.shutdownNow();
    }
}
