package dev.streamgate.handlers.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.streamgate.handlers.DefaultHandler;
import dev.streamgate.handlers.internal.HandlerRuntime;
import java.lang.reflect.Field;

/**
 * What one Lambda cold start does, in a fresh JVM: build the handler from the environment (SDK clients included),
 * deserialize one {@code $default} event the way the Java runtime does, handle it ({@code ping} → {@code pong} through
 * {@code @connections}), then print the in-JVM time. Run by {@link ColdStartBench}.
 */
public final class ColdStartProbe {

    private static final String PING_EVENT = "{\"requestContext\":{\"routeKey\":\"$default\",\"messageId\":\"bench\","
            + "\"eventType\":\"MESSAGE\",\"stage\":\"prod\",\"connectedAt\":1795636800000,\"requestTimeEpoch\":1795636805000,"
            + "\"identity\":{\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"bench\",\"domainName\":\"127.0.0.1\","
            + "\"connectionId\":\"benchConn=\",\"apiId\":\"bench\",\"authorizer\":{\"userId\":\"bench-user\"}},"
            + "\"body\":\"{\\\"action\\\":\\\"ping\\\"}\",\"isBase64Encoded\":false}";

    private ColdStartProbe() {
    }

    /** Handles one event (with argument {@code primed}: after init and priming) and prints {@code PROBE_MS=<ms from main> CPU_MS=<process CPU so far> STATUS=<code>}. */
    public static void main(String[] args) throws ReflectiveOperationException {
        long start = System.nanoTime();
        DefaultHandler handler = new DefaultHandler();
        if (args.length > 0 && args[0].equals("primed")) {
            // what SnapStart does before the snapshot: init plus the org.crac priming hook; the clock starts after it,
            // so PROBE_MS is what a restored function spends on its first event (restore itself not included)
            Field runtime = DefaultHandler.class.getDeclaredField("runtime");
            runtime.setAccessible(true);
            ((HandlerRuntime) runtime.get(handler)).prime();
            start = System.nanoTime();
        }
        APIGatewayV2WebSocketEvent event = LambdaEventSerializers
                .serializerFor(APIGatewayV2WebSocketEvent.class, ColdStartProbe.class.getClassLoader())
                .fromJson(PING_EVENT);
        int status = handler.handleRequest(event, null).getStatusCode();
        long elapsed = System.nanoTime() - start;
        double cpuMs = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1_000_000.0).orElse(-1.0);
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println("PROBE_MS=" + (elapsed / 1_000_000.0) + " CPU_MS=" + cpuMs + " STATUS=" + status);
        // CHECKSTYLE.ON: NoSystemOut
    }
}
