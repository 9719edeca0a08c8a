package dev.streamgate.localgateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.localgateway.ManagementCall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the {@code @connections} API answers, whichever HTTP code read the request: {@link ManagementApi} (Grizzly's
 * HTTP server) or {@link FastManagementFilter} (the plain keep-alive requests SDKs send). Path and SigV4 checks
 * first ({@link #check}), then, after the scripted latency if any, the call itself ({@link #call}).
 */
final class ManagementCalls {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] GONE = message("Gone");
    private static final byte[] MISSING_TOKEN = message("Missing Authentication Token");

    private final GatewayRuntime runtime;
    private final String prefix;

    ManagementCalls(GatewayRuntime runtime) {
        this.runtime = runtime;
        this.prefix = "/" + runtime.settings().stage() + "/@connections/";
    }

    /** A call that passed the path and signature checks: method and decoded connection id. */
    record Call(String method, String connectionId, byte[] body, Instant receivedAt) {
    }

    /**
     * An answer: status, {@code x-amzn-ErrorType} ({@code null} on success) and JSON body (empty on success of POST
     * and DELETE).
     */
    record Answer(int status, String errorType, byte[] body) {
    }

    /** The path prefix {@code /STAGE/@connections/}. */
    String prefix() {
        return prefix;
    }

    /** When calls are recorded: the time a call arrived, else {@code null} (no clock read per call). */
    Instant receivedAt() {
        return runtime.settings().recording() ? Instant.now() : null;
    }

    /**
     * The 403 for a path or method API Gateway does not know or a missing / wrong SigV4 header (recorded), or
     * {@code null} when the call may go on.
     *
     * @param method the HTTP method
     * @param path the request path, still percent-encoded, without query
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param body the request body (recorded for POST)
     */
    Answer check(String method, String path, CharSequence authorization, byte[] body, Instant receivedAt) {
        if (!path.startsWith(prefix) || path.length() == prefix.length()
                || !(method.equals("POST") || method.equals("GET") || method.equals("DELETE"))) {
            // what API Gateway answers for any path or method it does not know (not recorded: not a call)
            return new Answer(403, "ForbiddenException", MISSING_TOKEN);
        }
        Boolean executeApi = SigV4Header.scopedTo(authorization, "execute-api");
        if (executeApi == null) {
            return answer(method, connectionId(path), body, receivedAt, 403, "ForbiddenException", MISSING_TOKEN);
        }
        if (!executeApi) {
            return answer(method, connectionId(path), body, receivedAt, 403, "ForbiddenException",
                    message("Credential should be scoped to correct service: 'execute-api'."));
        }
        return null;
    }

    /** The decoded connection id of a path that passed {@link #check}. */
    String connectionId(String path) {
        return percentDecode(path.substring(prefix.length()));
    }

    /** Answers a call that passed {@link #check}: scripted faults first, then POST, GET or DELETE. */
    Answer call(Call call) {
        switch (runtime.rollFault()) {
            case THROTTLE -> {
                return answer(call, 429, "LimitExceededException", message("Rate exceeded"));
            }
            case ERROR -> {
                return answer(call, 500, "InternalServerErrorException", message("Internal server error"));
            }
            default -> {
                // no scripted fault: answer for real
            }
        }
        return switch (call.method()) {
            case "POST" -> post(call);
            case "GET" -> get(call);
            default -> delete(call);
        };
    }

    private Answer post(Call call) {
        int limit = runtime.settings().limits().messageBytes();
        if (call.body().length > limit) {
            return answer(call, 413, "PayloadTooLargeException",
                    message("Message too long: " + call.body().length + " bytes, the limit is " + limit));
        }
        return switch (runtime.push(call.connectionId(), call.body())) {
            case SENT -> answer(call, 200, null, EMPTY);
            case THROTTLED -> answer(call, 429, "LimitExceededException",
                    message("Too many messages are waiting for this connection"));
            default -> answer(call, 410, "GoneException", GONE);
        };
    }

    private Answer get(Call call) {
        Connection connection = runtime.connection(call.connectionId());
        if (connection == null) {
            return answer(call, 410, "GoneException", GONE);
        }
        ObjectNode json = MAPPER.createObjectNode();
        // wire names as in the service model (the SDK's ConnectedAt is "connectedAt" on the wire)
        json.put("connectedAt", iso(connection.connectedAt()));
        ObjectNode identity = json.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        if (connection.userAgent() != null) {
            identity.put("userAgent", connection.userAgent());
        }
        json.put("lastActiveAt", iso(connection.lastActiveAt()));
        return answer(call, 200, null, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Answer delete(Call call) {
        return runtime.delete(call.connectionId()) ? answer(call, 204, null, EMPTY)
                : answer(call, 410, "GoneException", GONE);
    }

    private Answer answer(Call call, int status, String errorType, byte[] body) {
        return answer(call.method(), call.connectionId(), call.body(), call.receivedAt(), status, errorType, body);
    }

    private Answer answer(String method, String connectionId, byte[] requestBody, Instant receivedAt, int status,
                          String errorType, byte[] body) {
        if (runtime.settings().recording()) {
            runtime.record(new ManagementCall(method, connectionId, method.equals("POST") ? requestBody : EMPTY,
                    status, errorType, receivedAt != null ? receivedAt : Instant.now()));
        }
        return new Answer(status, errorType, body);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static byte[] message(String message) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("message", message);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A request id shaped like AWS's (a UUID); ThreadLocalRandom, as UUID.randomUUID() locks on SecureRandom. */
    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
                .toString();
    }

    /** Decodes {@code %XX} escapes only ({@code +} is a literal plus in a path). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        // ids like AWS's end in an escaped '=': an ASCII path decodes into one array
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return percentDecodeAny(s);
            }
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes[n++] = (byte) (Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static String percentDecodeAny(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
