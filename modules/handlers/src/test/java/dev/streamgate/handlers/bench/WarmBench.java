package dev.streamgate.handlers.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.streamgate.handlers.ConnectionsStub;
import dev.streamgate.handlers.DefaultHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Warm {@code $default} handling time, in process: one handler instance, events already deserialized, each call
 * measured from {@code handleRequest} to its return, which includes the {@code @connections} post (to a loopback stub)
 * but no call to the core. Prints p50/p90/p99/max per frame kind as a Markdown table.
 *
 * <p>Usage: {@code WarmBench [iterations]} (default 5000, after as many warm-up calls).
 */
public final class WarmBench {

    private WarmBench() {
    }

    /** Runs the benchmark and prints the table. */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        try (ConnectionsStub connections = new ConnectionsStub()) {
            DefaultHandler handler = new DefaultHandler(Map.of("SG_MANAGEMENT_ENDPOINT", connections.endpoint().toString(),
                    "SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort()));
            List<String[]> cases = List.of(
                    new String[] {"ping → pong", "{\"action\":\"ping\"}"},
                    new String[] {"invalid JSON → error", "{\"action\":"},
                    new String[] {"unknown action → error", "{\"action\":\"shout\"}"});
            // CHECKSTYLE.OFF: NoSystemOut
            System.out.printf("%n### Warm $default handling (%d calls per row after %d warm-up; @connections on loopback, no core call)%n%n",
                    iterations, iterations);
            System.out.println("| frame | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String[] c : cases) {
                APIGatewayV2WebSocketEvent event = event(c[1]);
                run(handler, event, iterations, connections);
                double[] times = run(handler, event, iterations, connections);
                Arrays.sort(times);
                System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f |%n", c[0], pct(times, 50), pct(times, 90), pct(times, 99),
                        times[times.length - 1]);
            }
            // CHECKSTYLE.ON: NoSystemOut
        }
    }

    private static double[] run(DefaultHandler handler, APIGatewayV2WebSocketEvent event, int iterations, ConnectionsStub connections)
            throws InterruptedException {
        double[] times = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            handler.handleRequest(event, null);
            times[i] = (System.nanoTime() - start) / 1_000_000.0;
            connections.take(Duration.ofSeconds(5));
        }
        return times;
    }

    private static APIGatewayV2WebSocketEvent event(String body) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId("warmConn=");
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
