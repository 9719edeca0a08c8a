package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.streamgate.handlers.internal.CoreCallException;
import dev.streamgate.handlers.internal.Events;
import dev.streamgate.handlers.internal.HandlerRuntime;
import dev.streamgate.handlers.internal.WebSocketRoute;
import dev.streamgate.protocol.ClientAction;
import dev.streamgate.protocol.ErrorCode;
import dev.streamgate.protocol.ProtocolException;
import dev.streamgate.protocol.ServerEvent;
import dev.streamgate.store.StoreUnavailableException;
import dev.streamgate.store.StreamNotFoundException;
import dev.streamgate.store.StreamOwnershipException;
import dev.streamgate.store.StreamRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $default} route: parses a client frame and hands it on, answering in milliseconds.
 *
 * <p>{@code chat} becomes a signed {@code POST /internal/v1/streams} to the core, which sends {@code accepted} itself;
 * {@code cancel} and {@code resume} read the stream record, check the user and call the owning core instance directly;
 * {@code ping} is answered with {@code pong}. Every refusal (invalid frame, unknown or foreign stream, core unreachable)
 * becomes a typed {@code error} event posted to the connection. The route always returns 200: the answer to the client
 * travels through {@code @connections}, and a non-2xx would only make API Gateway log an integration error.
 */
public final class DefaultHandler implements WebSocketRoute {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultHandler.class);
    /**
     * The core writes a stream's record just after sending {@code accepted}, not before (so {@code accepted} does
     * not wait for DynamoDB): a {@code cancel} or {@code resume} sent at once can overtake it. Reading again after
     * these pauses (100 ms in all) bridges that; only a stream that really does not exist pays it.
     */
    private static final long[] RECORD_WAIT_MS = {10, 30, 60};
    private static final String NO_SUCH_STREAM = "No such stream: it never existed or has expired; start a new chat.";

    private final HandlerRuntime runtime;

    /** Reads the configuration from the Lambda environment. */
    public DefaultHandler() {
        this(HandlerConfig.fromEnvironment(HandlerConfig.Secret.INTERNAL));
    }

    /** Reads the configuration from this environment map (the local gateway passes one). */
    public DefaultHandler(Map<String, String> environment) {
        this(HandlerConfig.fromEnvironment(environment, HandlerConfig.Secret.INTERNAL));
    }

    /** Uses this configuration. */
    public DefaultHandler(HandlerConfig config) {
        this.runtime = HandlerRuntime.create(config);
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        APIGatewayV2WebSocketEvent.RequestContext request = event.getRequestContext();
        String connectionId = request.getConnectionId();
        URI endpoint = runtime.management().endpointFor(request);
        ServerEvent reply;
        try {
            reply = handle(event, connectionId, endpoint);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure connectionId={}", connectionId, e);
            reply = new ServerEvent.Error(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side; retry in a moment.");
        }
        if (reply != null) {
            runtime.management().post(endpoint, connectionId, runtime.codec().writeBytes(reply));
        }
        return Events.status(200);
    }

    /** Returns the event to post back, or null when the core answers the client itself. */
    private ServerEvent handle(APIGatewayV2WebSocketEvent event, String connectionId, URI endpoint) {
        String userId = Events.userId(event);
        if (userId == null) {
            return new ServerEvent.Error(ErrorCode.UNAUTHORIZED, "This connection has no authenticated user; reconnect with a token.");
        }
        ClientAction action;
        try {
            action = parse(event);
        } catch (ProtocolException e) {
            LOG.debug("invalid frame connectionId={} code={}", connectionId, e.code());
            return e.toErrorEvent();
        }
        return switch (action) {
            case ClientAction.Ping ping -> new ServerEvent.Pong();
            case ClientAction.Chat chat -> chat(chat, connectionId, userId, endpoint);
            case ClientAction.Cancel cancel -> cancel(cancel, userId);
            case ClientAction.Resume resume -> resume(resume, connectionId, userId, endpoint);
        };
    }

    private ClientAction parse(APIGatewayV2WebSocketEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.isIsBase64Encoded()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "Send frames as UTF-8 JSON text.");
            }
            return runtime.codec().parse(bytes);
        }
        return runtime.codec().parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private ServerEvent chat(ClientAction.Chat chat, String connectionId, String userId, URI endpoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectionId", connectionId);
        body.put("userId", userId);
        body.put("requestId", chat.requestId());
        body.put("message", chat.message());
        if (chat.conversationId() != null) {
            body.put("conversationId", chat.conversationId());
        }
        if (chat.options() != null) {
            body.put("options", chat.options().values());
        }
        body.put("managementEndpoint", endpoint.toString());
        try {
            String streamId = runtime.core().startStream(runtime.config().coreUrl(), body);
            LOG.debug("chat handed to core connectionId={} streamId={}", connectionId, streamId);
            return null;
        } catch (CoreCallException e) {
            return e.toErrorEvent(null, chat.requestId());
        }
    }

    private ServerEvent cancel(ClientAction.Cancel cancel, String userId) {
        String streamId = cancel.streamId();
        try {
            StreamRecord stream = soonAfterCreate(() -> runtime.streams().find(streamId)
                    .orElseThrow(() -> new StreamNotFoundException(streamId)));
            if (!stream.userId().equals(userId)) {
                return streamError(ErrorCode.FORBIDDEN, "That stream belongs to another user.", streamId);
            }
            runtime.core().cancel(URI.create(stream.ownerUrl()), streamId, userId);
            return null;
        } catch (StreamNotFoundException e) {
            return streamError(ErrorCode.STREAM_NOT_FOUND, NO_SUCH_STREAM, streamId);
        } catch (StoreUnavailableException e) {
            return unavailable(streamId, e);
        } catch (CoreCallException e) {
            return e.toErrorEvent(streamId, null);
        }
    }

    private ServerEvent resume(ClientAction.Resume resume, String connectionId, String userId, URI endpoint) {
        String streamId = resume.streamId();
        try {
            // the conditional write is the ownership check: it moves the stream only if it is this user's
            StreamRecord stream = soonAfterCreate(() -> runtime.streams().attach(streamId, userId, connectionId));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("connectionId", connectionId);
            body.put("userId", userId);
            body.put("lastSeq", resume.lastSeq());
            body.put("managementEndpoint", endpoint.toString());
            runtime.core().attach(URI.create(stream.ownerUrl()), streamId, body);
            return null;
        } catch (StreamNotFoundException e) {
            return streamError(ErrorCode.STREAM_NOT_FOUND, NO_SUCH_STREAM, streamId);
        } catch (StreamOwnershipException e) {
            return streamError(ErrorCode.FORBIDDEN, "That stream belongs to another user.", streamId);
        } catch (StoreUnavailableException e) {
            return unavailable(streamId, e);
        } catch (CoreCallException e) {
            return e.toErrorEvent(streamId, null);
        }
    }

    /** Runs a read or write of a stream's record, again after each {@link #RECORD_WAIT_MS} pause while it is missing. */
    private static StreamRecord soonAfterCreate(Supplier<StreamRecord> call) {
        for (int i = 0; ; i++) {
            try {
                return call.get();
            } catch (StreamNotFoundException e) {
                if (i == RECORD_WAIT_MS.length) {
                    throw e;
                }
                pause(RECORD_WAIT_MS[i]);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerEvent streamError(ErrorCode code, String message, String streamId) {
        return new ServerEvent.Error(code, message, code.retryable(), streamId, null);
    }

    private static ServerEvent unavailable(String streamId, StoreUnavailableException e) {
        LOG.warn("stream store unavailable streamId={} error={}", streamId, e.getClass().getSimpleName());
        return new ServerEvent.Error(ErrorCode.UNAVAILABLE, "Stream records are unavailable right now; retry in a moment.", true,
                streamId, null);
    }
}
