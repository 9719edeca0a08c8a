package dev.streamgate.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.auth.InvalidSignatureException;
import dev.streamgate.auth.SignatureVerifier;
import dev.streamgate.core.internal.Json;
import dev.streamgate.protocol.ChatOptions;
import dev.streamgate.protocol.ErrorCode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed internal API the WebSocket route handlers call ({@code /internal/v1/...}): create a stream for a
 * connection, attach a stream to a new connection from {@code lastSeq}, cancel, connection gone. Every
 * request must carry a valid v1 HMAC signature (checked by auth's {@link SignatureVerifier}).
 */
final class InternalApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InternalApiHandler.class);
    private static final String PREFIX = "/internal/v1/";

    private final StreamRegistry registry;
    private final ChatEngine engine;
    private final ManagementApi management;
    private final SignatureVerifier verifier;
    private final StreamRecords records;

    InternalApiHandler(StreamRegistry registry, ChatEngine engine, ManagementApi management, SignatureVerifier verifier,
                       StreamRecords records) {
        this.registry = registry;
        this.engine = engine;
        this.management = management;
        this.verifier = verifier;
        this.records = records;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    void service(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        byte[] body = request.getInputStream().readNBytes(256 * 1024);
        try {
            verifier.verify(request.getMethod().getMethodString(), path, request::getHeader, body);
        } catch (InvalidSignatureException e) {
            LOG.info("internal call refused status=401 reason={}", e.reason().wireName());
            HttpErrors.send(response, 401, ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        if (request.getMethod() != Method.POST) {
            HttpErrors.sendHttp(response, 405, "method_not_allowed", "the internal API takes POST only");
            return;
        }
        JsonNode json;
        try {
            json = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            HttpErrors.send(response, 400, ErrorCode.INVALID_JSON, "The body is not valid JSON.");
            return;
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        for (int i = 0; i < parts.length; i++) {
            // ids arrive percent-encoded (a connection id may hold '=', '/' or '+'); the signature covered the raw path
            parts[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (parts.length == 1 && parts[0].equals("streams")) {
            create(json, response);
        } else if (parts.length == 3 && parts[0].equals("streams") && parts[2].equals("attach")) {
            attach(parts[1], json, response);
        } else if (parts.length == 3 && parts[0].equals("streams") && parts[2].equals("cancel")) {
            cancel(parts[1], json, response);
        } else if (parts.length == 3 && parts[0].equals("connections") && parts[2].equals("gone")) {
            management.gone(parts[1]);
            LOG.debug("connection gone connectionId={}", parts[1]);
            HttpErrors.sendJson(response, 202, "{}");
        } else {
            HttpErrors.sendHttp(response, 404, "not_found", "no such internal endpoint");
        }
    }

    private void create(JsonNode json, Response response) throws IOException {
        String connectionId = text(json, "connectionId");
        String userId = text(json, "userId");
        String requestId = text(json, "requestId");
        String message = text(json, "message");
        String endpoint = text(json, "managementEndpoint");
        if (connectionId == null || userId == null || requestId == null || message == null || endpoint == null) {
            HttpErrors.send(response, 400, ErrorCode.MISSING_FIELD,
                    "connectionId, userId, requestId, message and managementEndpoint are required.");
            return;
        }
        ChatOptions options = json.path("options").isObject()
                ? ChatOptions.of(Json.MAPPER.convertValue(json.get("options"), Map.class)) : ChatOptions.EMPTY;
        StreamRegistry.Opened opened = registry.open(userId, requestId, message, text(json, "conversationId"), options);
        StreamSession session = opened.session();
        if (opened.created()) {
            // queued, not awaited: `accepted` does not wait for DynamoDB (see StreamRecords)
            records.started(session, connectionId);
            EventSink sink = management.sink(endpoint, connectionId);
            sink.deliver(Events.accepted(requestId, session.id()));
            session.attach(sink, -1);
            session.start(engine);
            LOG.debug("stream created streamId={} connectionId={}", session.id(), connectionId);
        } else if (!session.deliversTo(connectionId)) {
            repeatFromNewConnection(session, requestId, endpoint, connectionId);
        }
        HttpErrors.sendJson(response, 202, "{\"streamId\":\"" + session.id() + "\"}");
    }

    /**
     * A chat repeated with the same requestId from another connection (a client retrying after a drop or a
     * retryable error): the same stream answers, `accepted` again, and the stream follows that connection from
     * its first event; the client drops by seq what it already has. A repeat on the same connection sends nothing.
     */
    private void repeatFromNewConnection(StreamSession session, String requestId, String endpoint, String connectionId) {
        EventSink sink = management.sink(endpoint, connectionId);
        sink.deliver(Events.accepted(requestId, session.id()));
        try {
            session.attach(sink, -1);
        } catch (ReplayUnavailableException e) {
            sink.deliver(Events.error(ErrorCode.REPLAY_UNAVAILABLE, e.getMessage(), false, session.id(), requestId));
            return;
        }
        records.attached(session, connectionId);
        LOG.debug("repeated chat moved the stream streamId={} connectionId={}", session.id(), connectionId);
    }

    private void attach(String streamId, JsonNode json, Response response) throws IOException {
        Optional<StreamSession> session = owned(streamId, text(json, "userId"), response);
        if (session.isEmpty()) {
            return;
        }
        String connectionId = text(json, "connectionId");
        String endpoint = text(json, "managementEndpoint");
        if (connectionId == null || endpoint == null || !json.path("lastSeq").canConvertToLong()) {
            HttpErrors.send(response, 400, ErrorCode.MISSING_FIELD, "connectionId, lastSeq and managementEndpoint are required.");
            return;
        }
        try {
            session.get().attach(management.sink(endpoint, connectionId), json.get("lastSeq").asLong());
        } catch (ReplayUnavailableException e) {
            HttpErrors.send(response, 409, ErrorCode.REPLAY_UNAVAILABLE, e.getMessage());
            return;
        }
        records.attached(session.get(), connectionId);
        LOG.debug("stream attached streamId={} connectionId={}", streamId, connectionId);
        HttpErrors.sendJson(response, 202, "{}");
    }

    private void cancel(String streamId, JsonNode json, Response response) throws IOException {
        Optional<StreamSession> session = owned(streamId, text(json, "userId"), response);
        if (session.isPresent()) {
            session.get().cancel();
            HttpErrors.sendJson(response, 202, "{}");
        }
    }

    private Optional<StreamSession> owned(String streamId, String userId, Response response) throws IOException {
        Optional<StreamSession> session = registry.find(streamId);
        if (session.isEmpty()) {
            HttpErrors.send(response, 404, ErrorCode.STREAM_NOT_FOUND, "No stream " + streamId + " on this instance.");
            return Optional.empty();
        }
        if (!session.get().userId().equals(userId)) {
            HttpErrors.send(response, 403, ErrorCode.FORBIDDEN, "The stream belongs to another user.");
            return Optional.empty();
        }
        return session;
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
