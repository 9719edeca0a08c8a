package dev.streamgate.core;

import dev.streamgate.auth.InvalidTokenException;
import dev.streamgate.auth.JwtVerifier;
import dev.streamgate.auth.KeySetUnavailableException;
import dev.streamgate.auth.Principal;
import dev.streamgate.protocol.ClientAction;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ProtocolException;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/chat/stream}: validates the chat, writes and flushes {@code accepted} before the engine
 * starts, then streams the stream's events as SSE until {@code done}, a disconnect or the budget
 * ({@code handoff}).
 */
final class ChatStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamHandler.class);

    private final CoreConfig config;
    private final StreamRegistry registry;
    private final ChatEngine engine;
    private final JwtVerifier verifier;
    private final StreamRecords records;

    ChatStreamHandler(CoreConfig config, StreamRegistry registry, ChatEngine engine, JwtVerifier verifier,
                      StreamRecords records) {
        this.records = records;
        this.config = config;
        this.registry = registry;
        this.engine = engine;
        this.verifier = verifier;
    }

    void service(Request request, Response response) throws IOException {
        if (request.getMethod() != Method.POST) {
            response.setHeader("Allow", "POST");
            HttpErrors.sendHttp(response, 405, "method_not_allowed", "use POST with a JSON chat body");
            return;
        }
        Principal principal;
        try {
            principal = verifier.verify(bearerToken(request.getHeader("Authorization")));
        } catch (InvalidTokenException e) {
            LOG.info("chat refused status=401 reason={}", e.reason().wireName());
            response.setHeader("WWW-Authenticate", "Bearer");
            HttpErrors.send(response, 401, ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        } catch (KeySetUnavailableException e) {
            LOG.warn("chat refused status=503 reason=jwks_unavailable");
            HttpErrors.send(response, 503, ErrorCode.UNAVAILABLE, "Tokens cannot be checked right now; retry shortly.");
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            LOG.info("chat refused status=415 code={}", ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            HttpErrors.send(response, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the chat as Content-Type: application/json.");
            return;
        }
        int max = config.maxRequestBytes();
        if (request.getContentLengthLong() > max) {
            tooLarge(response, max);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            tooLarge(response, max);
            return;
        }
        ClientAction.Chat chat;
        try {
            chat = Events.codec().parseChatBody(body, defaultRequestId());
        } catch (ProtocolException e) {
            int status = e.code() == ErrorCode.PAYLOAD_TOO_LARGE || e.code() == ErrorCode.MESSAGE_TOO_LONG ? 413 : 400;
            LOG.info("chat refused status={} code={}", status, e.code());
            HttpErrors.send(response, status, e.code(), e.getMessage());
            return;
        }
        String userId = principal.userId();
        String requestId = chat.requestId();

        StreamRegistry.Opened opened = registry.open(userId, requestId, chat.message(), chat.conversationId(), chat.options());
        StreamSession session = opened.session();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.suspend();
        SseSink sink = new SseSink(response, request.getContext().getConnection(), config.sseCoalesceWindow());
        if (!sink.deliver(Events.accepted(requestId, session.id()))) {
            return;
        }
        session.attach(sink, -1);
        if (opened.created()) {
            LOG.debug("SSE stream started streamId={}", session.id());
            records.started(session, null);
            session.start(engine);
        }
        if (config.sseBudgetEnabled()) {
            registry.timers().schedule(() -> session.handoff(sink), config.sseBudget().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A request id for a chat that brought none. It only keys idempotency within one user's streams, so it
     * need not be unguessable: {@link UUID#randomUUID()} would take the JVM-wide {@code SecureRandom} lock
     * on every request (JFR showed request threads blocked there for up to 40 ms under a burst).
     */
    private static String defaultRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The token of an {@code Authorization: Bearer} header, or {@code null} (the verifier reports it missing). */
    private static String bearerToken(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void tooLarge(Response response, int max) throws IOException {
        LOG.info("chat refused status=413 code={}", ErrorCode.PAYLOAD_TOO_LARGE);
        HttpErrors.send(response, 413, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over " + max
                + " bytes; send a shorter message.");
    }
}
