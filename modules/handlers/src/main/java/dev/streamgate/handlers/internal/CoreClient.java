package dev.streamgate.handlers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.auth.RequestSigner;
import dev.streamgate.protocol.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed calls to the core's internal API v1 (see TEAM.md): start a stream, attach, cancel, connection gone.
 *
 * <p>Uses the JDK's {@link HttpURLConnection}: synchronous, no extra threads or jars, which is what a Lambda wants at cold
 * start. Every failure becomes a {@link CoreCallException} carrying the client-facing error; an error body from the core
 * ({@code {"type":"error","code",...}}) is passed on as it is.
 */
public final class CoreClient {

    private static final Logger LOG = LoggerFactory.getLogger(CoreClient.class);
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final RequestSigner signer;
    private final Duration timeout;

    /** A client signing with {@code signer}, giving up on connect or read after {@code timeout}. */
    public CoreClient(RequestSigner signer, Duration timeout) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Serializes and reads back a request body once (SnapStart priming: the mapper's set-up lands in the snapshot). */
    public void primeJson() {
        try {
            Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(Map.of("connectionId", "c", "options", Map.of("k", 1))));
        } catch (IOException e) {
            LOG.debug("priming JSON failed error={}", e.getClass().getSimpleName());
        }
    }

    /** {@code POST /internal/v1/streams}; returns the stream id from the 202. */
    public String startStream(URI core, Map<String, Object> body) {
        JsonNode answer = post(core, "/internal/v1/streams", body);
        JsonNode streamId = answer == null ? null : answer.get("streamId");
        if (streamId == null || !streamId.isTextual()) {
            throw new CoreCallException(ErrorCode.INTERNAL_ERROR, "The streaming service accepted the chat but sent no stream id.",
                    true, null);
        }
        return streamId.asText();
    }

    /** {@code POST /internal/v1/streams/{streamId}/attach} on the stream's owner. */
    public void attach(URI owner, String streamId, Map<String, Object> body) {
        post(owner, "/internal/v1/streams/" + PathSegments.encode(streamId) + "/attach", body);
    }

    /** {@code POST /internal/v1/streams/{streamId}/cancel} on the stream's owner. */
    public void cancel(URI owner, String streamId, String userId) {
        post(owner, "/internal/v1/streams/" + PathSegments.encode(streamId) + "/cancel", Map.of("userId", userId));
    }

    /** {@code POST /internal/v1/connections/{connectionId}/gone} on a core instance. */
    public void connectionGone(URI owner, String connectionId) {
        post(owner, "/internal/v1/connections/" + PathSegments.encode(connectionId) + "/gone", Map.of());
    }

    private JsonNode post(URI base, String rawPath, Map<String, ?> body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new CoreCallException(ErrorCode.INTERNAL_ERROR, "The request to the streaming service could not be built.", true, e);
        }
        URI target = URI.create(base.toString() + rawPath);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) target.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            // no streaming mode: the JDK buffers the body and writes it right behind the headers; streamed, the body
            // waited for the headers' acknowledgement (Nagle), a millisecond and more per chat (BufferedUrlConnections)
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            signer.sign("POST", rawPath, bytes).forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer = stream == null ? new byte[0] : readLimited(stream);
            if (status / 100 == 2) {
                return answer.length == 0 ? null : Json.MAPPER.readTree(answer);
            }
            throw failure(target, status, answer);
        } catch (IOException e) {
            LOG.debug("core unreachable path={} error={}", rawPath, e.getClass().getSimpleName());
            throw new CoreCallException(ErrorCode.UNAVAILABLE, "The streaming service is unreachable right now; retry in a moment.",
                    true, e);
        }
    }

    private CoreCallException failure(URI target, int status, byte[] body) {
        JsonNode error = null;
        try {
            error = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException ignored) {
            // not JSON: fall back to the status below
        }
        if (status == 401) {
            LOG.error("core refused our signature path={}: SG_INTERNAL_SECRET differs between handlers and core", target.getPath());
            return new CoreCallException(ErrorCode.INTERNAL_ERROR, "The service is misconfigured; the operators have been told.",
                    false, null);
        }
        if (error != null && error.path("code").isTextual()) {
            ErrorCode code = ErrorCode.fromWireName(error.path("code").asText()).orElse(ErrorCode.INTERNAL_ERROR);
            String message = error.path("message").isTextual() ? error.path("message").asText() : "The streaming service refused.";
            boolean retryable = error.path("retryable").isBoolean() ? error.path("retryable").asBoolean() : code.retryable();
            return new CoreCallException(code, message, retryable, null);
        }
        return switch (status) {
            case 403 -> new CoreCallException(ErrorCode.FORBIDDEN, "That stream belongs to another user.", false, null);
            case 404 -> new CoreCallException(ErrorCode.STREAM_NOT_FOUND, "No such stream on its owner; start a new chat.", false, null);
            case 429 -> new CoreCallException(ErrorCode.RATE_LIMITED, "Too many requests; retry after a short wait.", true, null);
            default -> new CoreCallException(ErrorCode.UNAVAILABLE, "The streaming service answered " + status + "; retry in a moment.",
                    true, null);
        };
    }

    private static byte[] readLimited(InputStream stream) throws IOException {
        try (stream) {
            return stream.readNBytes(MAX_ERROR_BODY);
        }
    }

    /**
     * The mapper for request and answer bodies, built with the first call to the core rather than with the handler: an
     * {@code ObjectMapper} loads ~300 classes, which a cold start that calls no core (a ping) should not pay.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
