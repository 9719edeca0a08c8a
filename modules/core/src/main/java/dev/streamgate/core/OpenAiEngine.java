package dev.streamgate.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.core.internal.Json;
import dev.streamgate.protocol.DoneReason;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any OpenAI-compatible {@code /v1/chat/completions} endpoint with {@code stream=true} (OpenAI, vLLM, Ollama,
 * llama.cpp server): forwards {@code choices[0].delta.content}, maps {@code finish_reason} to the done reason,
 * reports {@code usage} when the server sends it, and ends at {@code [DONE]}.
 */
final class OpenAiEngine extends HttpStreamingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEngine.class);

    private final URI url;
    private final String apiKey;
    private final String model;
    private final Duration idleTimeout;

    OpenAiEngine(HttpClient http, String baseUrl, String apiKey, String model, Duration idleTimeout) {
        super("openai", http, idleTimeout);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.url = URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.idleTimeout = idleTimeout;
    }

    @Override
    HttpRequest request(ChatRequest chat) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", model).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.putArray("messages").addObject().put("role", "user").put("content", chat.message());
        chat.options().getDouble("temperature").ifPresent(t -> body.put("temperature", t));
        chat.options().getDouble("maxTokens").ifPresent(m -> body.put("max_tokens", m.longValue()));
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(idleTimeout)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream");
        if (!apiKey.isEmpty()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serializing a tree cannot fail", e);
        }
    }

    /** Per-answer state lives in the output wrapper so the engine itself stays stateless. */
    private static final class State {
        DoneReason reason;
        Usage usage;
    }

    @Override
    public EngineRun start(ChatRequest chat, EngineOutput output) {
        return super.start(chat, new Tracking(output));
    }

    @Override
    boolean onEvent(SseLineParser.UpstreamEvent event, EngineOutput output) {
        Tracking tracking = (Tracking) output;
        String data = event.data().trim();
        if (data.equals("[DONE]")) {
            tracking.finish();
            return false;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            LOG.debug("skipping an upstream line that is not JSON");
            return true;
        }
        if (node.has("error")) {
            output.failed(new EngineException(ErrorCode.ENGINE_ERROR, "The model server reported an error.", true));
            return false;
        }
        JsonNode usage = node.get("usage");
        if (usage != null && usage.isObject()) {
            tracking.state.usage = new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
        }
        JsonNode choice = node.path("choices").path(0);
        String finish = choice.path("finish_reason").asText("");
        if (!finish.isEmpty() && !finish.equals("null")) {
            tracking.state.reason = finish.equals("length") ? DoneReason.LENGTH : DoneReason.COMPLETE;
        }
        JsonNode content = choice.path("delta").path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            return output.text(content.asText());
        }
        return true;
    }

    @Override
    void onEnd(EngineOutput output) {
        Tracking tracking = (Tracking) output;
        if (tracking.state.reason != null) {
            tracking.finish();
        } else {
            output.failed(new EngineException(ErrorCode.ENGINE_ERROR, "The model server closed the stream before finishing.",
                    true));
        }
    }

    /** Remembers finish reason and usage until {@code [DONE]} (usage arrives in a chunk after the finish reason). */
    private static final class Tracking implements EngineOutput {
        private final EngineOutput delegate;
        private final State state = new State();

        Tracking(EngineOutput delegate) {
            this.delegate = delegate;
        }

        void finish() {
            delegate.done(state.reason == null ? DoneReason.COMPLETE : state.reason, state.usage);
        }

        @Override
        public boolean text(String text) {
            return delegate.text(text);
        }

        @Override
        public boolean consumerSlow() {
            return delegate.consumerSlow();
        }

        @Override
        public void done(DoneReason reason, Usage usage) {
            delegate.done(reason, usage);
        }

        @Override
        public void failed(EngineException failure) {
            delegate.failed(failure);
        }
    }
}
