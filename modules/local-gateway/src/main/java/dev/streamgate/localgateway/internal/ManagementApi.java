package dev.streamgate.localgateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code @connections} management API on {@code /STAGE/@connections/{percent-encoded id}} through Grizzly's HTTP
 * server: the requests {@link FastManagementFilter} leaves to it (chunked bodies, HTTP/1.0, {@code Connection:
 * close}, scripted latency, other paths), and everything on a connection once it came here. What it answers is
 * {@link ManagementCalls}'s.
 */
final class ManagementApi extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);
    private static final byte[] EMPTY = new byte[0];

    // a request whose body has fully arrived is answered on the thread that read it (nothing here blocks); only a
    // body still on its way goes to a worker, since reading it blocks
    private static final RequestExecutorProvider WORKERS = new RequestExecutorProvider.WorkerThreadProvider();

    private final GatewayRuntime runtime;
    private final ManagementCalls calls;

    ManagementApi(GatewayRuntime runtime, ManagementCalls calls) {
        this.runtime = runtime;
        this.calls = calls;
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return request -> request.getMethod() != Method.POST || request.getInputBuffer().isFinished() ? null
                : WORKERS.getExecutor(request);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        Instant receivedAt = calls.receivedAt();
        // a client of this API: its next requests can be read on the selector thread (never blocks); this HTTP code
        // keeps answering them, in order (an answer may still be delayed by the scripted latency)
        SettledConnectionsIOStrategy.settleForHttpServer(request.getRequest().getConnection());
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        byte[] body = method.equals("POST") ? readBody(request) : EMPTY;
        ManagementCalls.Answer refused = calls.check(method, path, request.getHeader("Authorization"), body, receivedAt);
        if (refused != null) {
            write(response, refused);
            return;
        }
        ManagementCalls.Call call = new ManagementCalls.Call(method, calls.connectionId(path), body, receivedAt);
        if (runtime.managementLatency().isZero()) {
            write(response, calls.call(call));
            return;
        }
        response.suspend();
        runtime.schedule(() -> {
            try {
                write(response, calls.call(call));
            } catch (IOException e) {
                LOG.debug("delayed management answer failed connectionId={}", call.connectionId(), e);
            } finally {
                response.resume();
            }
        }, runtime.managementLatency());
    }

    private static void write(Response response, ManagementCalls.Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setHeader("x-amzn-RequestId", ManagementCalls.requestId());
        if (answer.errorType() != null) {
            response.setHeader("x-amzn-ErrorType", answer.errorType());
        }
        byte[] body = answer.body();
        if (body.length > 0) {
            response.setContentType("application/json");
        }
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
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
        return ManagementCalls.percentDecode(s);
    }
}
