package dev.streamgate.core;

/** Factory of the built-in {@link ChatEngine}s. */
public final class ChatEngines {

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

    /** The engine {@code SG_ENGINE} names. */
    public static ChatEngine fromConfig(CoreConfig config) {
        return switch (config.engine()) {
            case "demo" -> demo();
            default -> throw new InvalidConfigException("engine '" + config.engine() + "' is not available in this build");
        };
    }
}
