package dev.streamgate.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Factory of the built-in {@link ChatEngine}s. */
public final class ChatEngines {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ChatEngines() {
    }

    /** The deterministic demo engine; see the class comment of {@code DemoEngine} for its per-request options. */
    public static ChatEngine demo() {
        return new DemoEngine();
    }

    /** The full text the demo engine answers with for {@code tokens} tokens (tests compare against it). */
    public static String demoText(long tokens) {
        return DemoEngine.text(tokens);
    }

    /**
     * Relays an SSE chat backend at {@code url}, forwarding the text at {@code textPath} (dot path into each
     * event's JSON; empty forwards the raw data); silence longer than {@code idleTimeout} ends the stream.
     */
    public static ChatEngine upstreamSse(URI url, String textPath, Duration idleTimeout) {
        return new UpstreamSseEngine(HTTP, url, textPath, idleTimeout);
    }

    /** Streams from an OpenAI-compatible {@code /v1/chat/completions} endpoint. */
    public static ChatEngine openAi(String baseUrl, String apiKey, String model, Duration idleTimeout) {
        return new OpenAiEngine(HTTP, baseUrl, apiKey, model, idleTimeout);
    }

    /** The engine {@code SG_ENGINE} names. */
    public static ChatEngine fromConfig(CoreConfig config) {
        return switch (config.engine()) {
            case "demo" -> demo();
            case "upstream-sse" -> upstreamSse(URI.create(config.upstreamUrl()), config.upstreamTextPath(),
                    config.upstreamIdleTimeout());
            case "openai" -> openAi(config.openAiBaseUrl(), config.openAiApiKey(), config.openAiModel(),
                    config.upstreamIdleTimeout());
            default -> throw new InvalidConfigException("engine '" + config.engine() + "' is not available in this build");
        };
    }
}
