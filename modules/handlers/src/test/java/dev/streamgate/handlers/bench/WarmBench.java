package dev.streamgate.handlers.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.streamgate.handlers.ConnectionsStub;
import dev.streamgate.handlers.DefaultHandler;
import dev.streamgate.localgateway.LocalGateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Warm {@code $default} handling time, in process: one handler instance, events already deserialized, each call
 * measured from {@code handleRequest} to its return, which includes the {@code @connections} post but no call to the
 * core. Two endpoints: a JDK {@code HttpServer} stub, and the local gateway delivering to a real WebSocket client. Prints p50/p90/p99/max per frame kind as a Markdown table.
 *
 * <p>Usage: {@code WarmBench [iterations]} (default 5000, after as many warm-up calls).
 */
public final class WarmBench {

    private WarmBench() {
    }

    /** Runs the benchmark and prints the table. */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        List<String[]> cases = List.of(
                new String[] {"ping → pong", "{\"action\":\"ping\"}"},
                new String[] {"invalid JSON → error", "{\"action\":"},
                new String[] {"unknown action → error", "{\"action\":\"shout\"}"});
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.printf("%n### Warm $default handling (%d calls per row after %d warm-up; @connections on loopback, no core call)%n%n",
                iterations, iterations);
        System.out.println("| frame | @connections endpoint | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        try (ConnectionsStub connections = new ConnectionsStub()) {
            DefaultHandler handler = handler(connections.endpoint().toString());
            for (String[] c : cases) {
                APIGatewayV2WebSocketEvent event = event(c[1], "warmConn=");
                run(handler, event, iterations, () -> connections.take(Duration.ofSeconds(5)));
                print(c[0], "JDK HttpServer stub", run(handler, event, iterations, () -> connections.take(Duration.ofSeconds(5))));
            }
        }
        // the same against the local gateway's @connections, delivering to a real WebSocket client
        try (LocalGateway gateway = LocalGateway.builder().build().start()) {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(gateway.webSocketUrl(),
                    new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                frames.add(partial.toString());
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            String connectionId = gateway.awaitConnection(Duration.ofSeconds(10));
            DefaultHandler handler = handler(gateway.managementEndpoint().toString());
            Frame next = () -> {
                if (frames.poll(5, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("no frame within 5 s");
                }
            };
            for (String[] c : cases) {
                APIGatewayV2WebSocketEvent event = event(c[1], connectionId);
                run(handler, event, iterations, next);
                print(c[0], "local gateway", run(handler, event, iterations, next));
            }
            socket.abort();
        }
        // CHECKSTYLE.ON: NoSystemOut
    }

    /** Waits for the answer of one call to arrive where it was posted. */
    private interface Frame {
        void arrived() throws InterruptedException;
    }

    private static DefaultHandler handler(String managementEndpoint) throws IOException {
        return new DefaultHandler(Map.of("SG_MANAGEMENT_ENDPOINT", managementEndpoint,
                "SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort()));
    }

    private static void print(String frame, String endpoint, double[] times) {
        Arrays.sort(times);
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.printf("| %s | %s | %.3f | %.3f | %.3f | %.3f |%n", frame, endpoint, pct(times, 50), pct(times, 90),
                pct(times, 99), times[times.length - 1]);
        // CHECKSTYLE.ON: NoSystemOut
    }

    private static double[] run(DefaultHandler handler, APIGatewayV2WebSocketEvent event, int iterations, Frame answered)
            throws InterruptedException {
        double[] times = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            handler.handleRequest(event, null);
            times[i] = (System.nanoTime() - start) / 1_000_000.0;
            answered.arrived();
        }
        return times;
    }

    private static APIGatewayV2WebSocketEvent event(String body, String connectionId) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(connectionId);
        context.setDomainName("127.0.0.1");
        context.setStage(ConnectionsStub.STAGE);
        context.setRouteKey("$default");
        context.setAuthorizer(Map.of("userId", "bench-user"));
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }

    private static double pct(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
