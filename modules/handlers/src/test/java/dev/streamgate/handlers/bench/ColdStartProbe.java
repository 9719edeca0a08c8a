package dev.streamgate.handlers.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.streamgate.handlers.DefaultHandler;
import dev.streamgate.handlers.internal.HandlerRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one Lambda cold start does, in a fresh JVM: build the handler from the environment (SDK clients included),
 * hand it one {@code $default} event the way the Java runtime does, handle it ({@code ping} → {@code pong} through
 * {@code @connections}), then print the in-JVM time. Run by {@link ColdStartBench}.
 *
 * <p>The runtime calls the handler's {@code RequestStreamHandler} entry (it prefers it when a class implements both
 * interfaces), so the event goes in as its raw JSON bytes and the response comes out as JSON. With the argument
 * {@code typed}, the probe does what the runtime does for a plain {@code RequestHandler} instead: deserialize the event
 * with the runtime's serializer ({@code aws-lambda-java-serialization}) and call the typed entry. With {@code cancel}
 * the event is a {@code cancel} of another user's stream: the handler reads the stream record from DynamoDB (the
 * store's client: the SDK's URL-connection HTTP client and SigV4 signer, built on this first call), then posts the
 * {@code forbidden} error.
 */
public final class ColdStartProbe {

    private static final String PING_EVENT = "{\"requestContext\":{\"routeKey\":\"$default\",\"messageId\":\"bench\","
            + "\"eventType\":\"MESSAGE\",\"stage\":\"prod\",\"connectedAt\":1795636800000,\"requestTimeEpoch\":1795636805000,"
            + "\"identity\":{\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"bench\",\"domainName\":\"127.0.0.1\","
            + "\"connectionId\":\"benchConn=\",\"apiId\":\"bench\",\"authorizer\":{\"userId\":\"bench-user\"}},"
            + "\"body\":\"{\\\"action\\\":\\\"ping\\\"}\",\"isBase64Encoded\":false}";

    /** Cancels stream {@link #OTHER_USERS_STREAM}, which the bench stores for another user: one DynamoDB read, then a refusal. */
    private static final String CANCEL_EVENT = PING_EVENT.replace("{\\\"action\\\":\\\"ping\\\"}",
            "{\\\"action\\\":\\\"cancel\\\",\\\"streamId\\\":\\\"" + ColdStartProbe.OTHER_USERS_STREAM + "\\\"}");

    /** The stream the {@code cancel} variant asks for; {@link ColdStartBench} stores it with another user as owner. */
    static final String OTHER_USERS_STREAM = "stream-coldstart-bench";

    private ColdStartProbe() {
    }

    /**
     * Handles one event (argument {@code primed}: after init and priming; {@code typed}: through the typed entry) and
     * prints {@code PROBE_MS=<ms from main> CPU_MS=<process CPU so far> STATUS=<code>}.
     */
    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        long start = System.nanoTime();
        List<String> options = List.of(args);
        DefaultHandler handler = new DefaultHandler();
        if (options.contains("primed")) {
            // what SnapStart does before the snapshot: init plus the org.crac priming hook; the clock starts after it,
            // so PROBE_MS is what a restored function spends on its first event (restore itself not included)
            Field runtime = DefaultHandler.class.getDeclaredField("runtime");
            runtime.setAccessible(true);
            ((HandlerRuntime) runtime.get(handler)).prime();
            start = System.nanoTime();
        }
        String status;
        if (options.contains("typed")) {
            APIGatewayV2WebSocketEvent event = LambdaEventSerializers
                    .serializerFor(APIGatewayV2WebSocketEvent.class, ColdStartProbe.class.getClassLoader())
                    .fromJson(PING_EVENT);
            status = Integer.toString(handler.handleRequest(event, null).getStatusCode());
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String event = options.contains("cancel") ? CANCEL_EVENT : PING_EVENT;
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            // the response JSON, e.g. {"isBase64Encoded":false,"statusCode":200}; the bench only needs it non-empty
            status = out.size() > 0 ? out.toString(StandardCharsets.UTF_8).replace(' ', '_') : "none";
        }
        long elapsed = System.nanoTime() - start;
        double cpuMs = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1_000_000.0).orElse(-1.0);
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println("PROBE_MS=" + (elapsed / 1_000_000.0) + " CPU_MS=" + cpuMs + " STATUS=" + status);
        // CHECKSTYLE.ON: NoSystemOut
    }
}
