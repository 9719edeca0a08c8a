package dev.streamgate.localgateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.localgateway.ManagementCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code @connections} management API on {@code /STAGE/@connections/{percent-encoded id}}: POST, GET, DELETE,
 * SigV4 required, errors with AWS's status codes, {@code x-amzn-ErrorType} header and {@code {"message": ...}} body.
 */
final class ManagementApi extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final GatewayRuntime runtime;
    private final String prefix;

    ManagementApi(GatewayRuntime runtime) {
        this.runtime = runtime;
        this.prefix = "/" + runtime.settings().stage() + "/@connections/";
    }

    // a request whose body has fully arrived is answered on the thread that read it (nothing here blocks); only a
    // body still on its way goes to a worker, since reading it blocks
    private static final RequestExecutorProvider WORKERS = new RequestExecutorProvider.WorkerThreadProvider();

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return request -> request.getMethod() != Method.POST || request.getInputBuffer().isFinished() ? null
                : WORKERS.getExecutor(request);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        Instant receivedAt = Instant.now();
        // a client of this API: its next requests can be read on the selector thread (never blocks)
        SettledConnectionsIOStrategy.settle(request.getRequest().getConnection());
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        if (!path.startsWith(prefix) || path.length() == prefix.length()
                || !(method.equals("POST") || method.equals("GET") || method.equals("DELETE"))) {
            // what API Gateway answers for any path or method it does not know
            error(response, 403, "ForbiddenException", "Missing Authentication Token");
            return;
        }
        String connectionId = percentDecode(path.substring(prefix.length()));
        byte[] body = method.equals("POST") ? readBody(request) : EMPTY;
        SigV4Header signature = SigV4Header.parse(request.getHeader("Authorization"));
        if (signature == null) {
            answer(response, new ManagementCall(method, connectionId, body, 403, "ForbiddenException", receivedAt),
                    "Missing Authentication Token");
            return;
        }
        if (!signature.service().equals("execute-api")) {
            answer(response, new ManagementCall(method, connectionId, body, 403, "ForbiddenException", receivedAt),
                    "Credential should be scoped to correct service: 'execute-api'.");
            return;
        }
        if (runtime.managementLatency().isZero()) {
            handle(method, connectionId, body, receivedAt, response);
            return;
        }
        response.suspend();
        runtime.schedule(() -> {
            try {
                handle(method, connectionId, body, receivedAt, response);
            } catch (IOException e) {
                LOG.debug("delayed management answer failed connectionId={}", connectionId, e);
            } finally {
                response.resume();
            }
        }, runtime.managementLatency());
    }

    private void handle(String method, String connectionId, byte[] body, Instant receivedAt, Response response)
            throws IOException {
        switch (runtime.rollFault()) {
            case THROTTLE -> {
                answer(response, new ManagementCall(method, connectionId, body, 429, "LimitExceededException", receivedAt),
                        "Rate exceeded");
                return;
            }
            case ERROR -> {
                answer(response, new ManagementCall(method, connectionId, body, 500, "InternalServerErrorException",
                        receivedAt), "Internal server error");
                return;
            }
            default -> {
                // no scripted fault: answer for real
            }
        }
        switch (method) {
            case "POST" -> post(connectionId, body, receivedAt, response);
            case "GET" -> get(connectionId, receivedAt, response);
            default -> delete(connectionId, receivedAt, response);
        }
    }

    private void post(String connectionId, byte[] body, Instant receivedAt, Response response) throws IOException {
        if (body.length > runtime.settings().limits().messageBytes()) {
            answer(response, new ManagementCall("POST", connectionId, body, 413, "PayloadTooLargeException", receivedAt),
                    "Message too long: " + body.length + " bytes, the limit is "
                            + runtime.settings().limits().messageBytes());
            return;
        }
        switch (runtime.push(connectionId, body)) {
            case SENT -> answer(response, new ManagementCall("POST", connectionId, body, 200, null, receivedAt), null);
            case THROTTLED -> answer(response, new ManagementCall("POST", connectionId, body, 429,
                    "LimitExceededException", receivedAt), "Too many messages are waiting for this connection");
            default -> answer(response, new ManagementCall("POST", connectionId, body, 410, "GoneException", receivedAt),
                    "Gone");
        }
    }

    private void get(String connectionId, Instant receivedAt, Response response) throws IOException {
        Connection connection = runtime.connection(connectionId);
        if (connection == null) {
            answer(response, new ManagementCall("GET", connectionId, EMPTY, 410, "GoneException", receivedAt), "Gone");
            return;
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
        runtime.record(new ManagementCall("GET", connectionId, EMPTY, 200, null, receivedAt));
        write(response, 200, null, MAPPER.writeValueAsBytes(json));
    }

    private void delete(String connectionId, Instant receivedAt, Response response) throws IOException {
        if (runtime.delete(connectionId)) {
            answer(response, new ManagementCall("DELETE", connectionId, EMPTY, 204, null, receivedAt), null);
        } else {
            answer(response, new ManagementCall("DELETE", connectionId, EMPTY, 410, "GoneException", receivedAt), "Gone");
        }
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private void answer(Response response, ManagementCall call, String message) throws IOException {
        runtime.record(call);
        if (call.errorType() == null) {
            write(response, call.status(), null, EMPTY);
        } else {
            error(response, call.status(), call.errorType(), message);
        }
    }

    private static void error(Response response, int status, String errorType, String message) throws IOException {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("message", message);
        write(response, status, errorType, MAPPER.writeValueAsBytes(json));
    }

    private static void write(Response response, int status, String errorType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setHeader("x-amzn-RequestId", requestId());
        if (errorType != null) {
            response.setHeader("x-amzn-ErrorType", errorType);
        }
        if (body.length > 0) {
            response.setContentType("application/json");
        }
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
    }

    // UUID-shaped like AWS's; ThreadLocalRandom because UUID.randomUUID() serializes every call on SecureRandom
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new java.util.UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
                .toString();
    }

    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            int length = request.getContentLength();
            // the usual case (the SDK sends Content-Length): one exact array, no 8 KiB copy buffer per call; HTTP/1.1
            // framing ends the body there. Chunked bodies have no length: read to their end
            return length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        }
    }

    /** Decodes {@code %XX} escapes only ({@code +} is a literal plus in a path). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
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
