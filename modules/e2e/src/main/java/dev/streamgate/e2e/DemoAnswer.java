package dev.streamgate.e2e;

import java.time.Duration;
import java.util.Map;

/**
 * Chat {@code options} asking the core's demo engine for an answer of a given length and pace
 * ({@code tokens}, {@code tokensPerSecond}, {@code firstTokenDelayMs}); a real model ignores them.
 */
public final class DemoAnswer {

    private DemoAnswer() {
    }

    /** {@code tokens} tokens at {@code tokensPerSecond}, first token after {@code firstTokenDelay}. */
    public static Map<String, Object> of(long tokens, double tokensPerSecond, Duration firstTokenDelay) {
        return Map.of("tokens", tokens, "tokensPerSecond", tokensPerSecond,
                "firstTokenDelayMs", firstTokenDelay.toMillis());
    }

    /** An answer lasting about {@code duration} at {@code tokensPerSecond}, first token at once. */
    public static Map<String, Object> lasting(Duration duration, double tokensPerSecond) {
        return of(Math.max(1, (long) (duration.toMillis() * tokensPerSecond / 1000.0)), tokensPerSecond, Duration.ZERO);
    }
}
