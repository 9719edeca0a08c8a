package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs in a fresh JVM whose class path is only the shaded Lambda jar, this class and the runtime's event serialization:
 * each argument {@code SimpleClassName=eventFile} hands the event to the handler as the Java runtime does (raw JSON
 * to a {@code RequestStreamHandler}, which the runtime prefers; else deserialized with the runtime's serializer), with
 * the handler built once per class with its no-argument constructor, i.e. from the process environment, and prints
 * {@code RESULT <class> <status>}. Run by {@link ShadedJarIT}.
 */
public final class ShadedJarProbe {

    private static final Pattern STATUS = Pattern.compile("\"statusCode\":(\\d+)");

    private ShadedJarProbe() {
    }

    /** Handles each event in order. */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        Map<String, Object> handlers = new HashMap<>();
        for (String arg : args) {
            String[] parts = arg.split("=", 2);
            if (parts[0].equals("ConnectAuthorizer")) {
                authorize(Path.of(parts[1]));
                continue;
            }
            Object handler = handlers.get(parts[0]);
            if (handler == null) {
                handler = Class.forName("dev.streamgate.handlers." + parts[0]).getConstructor().newInstance();
                handlers.put(parts[0], handler);
            }
            String status;
            if (handler instanceof RequestStreamHandler stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = Files.newInputStream(Path.of(parts[1]))) {
                    stream.handleRequest(in, out, null);
                }
                Matcher code = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
                status = code.find() ? code.group(1) : "no-status:" + out.toString(StandardCharsets.UTF_8);
            } else {
                APIGatewayV2WebSocketEvent event = LambdaEventSerializers
                        .serializerFor(APIGatewayV2WebSocketEvent.class, ShadedJarProbe.class.getClassLoader())
                        .fromJson(Files.readString(Path.of(parts[1]), StandardCharsets.UTF_8));
                status = Integer.toString(((RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>) handler)
                        .handleRequest(event, null).getStatusCode());
            }
            // CHECKSTYLE.OFF: NoSystemOut
            System.out.println("RESULT " + parts[0] + " " + status);
            // CHECKSTYLE.ON: NoSystemOut
        }
    }

    /**
     * The authorizer, as the runtime runs it: raw event to its stream entry (or, for a {@code RequestHandler} only,
     * event deserialized and policy serialized with the runtime's serializer); prints Allow or Deny.
     */
    @SuppressWarnings("unchecked")
    private static void authorize(Path eventFile) throws IOException, ReflectiveOperationException {
        Object authorizer = Class.forName("dev.streamgate.handlers.ConnectAuthorizer").getConstructor().newInstance();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        if (authorizer instanceof RequestStreamHandler stream) {
            try (InputStream in = Files.newInputStream(eventFile)) {
                stream.handleRequest(in, json, null);
            }
        } else {
            ClassLoader loader = ShadedJarProbe.class.getClassLoader();
            APIGatewayCustomAuthorizerEvent event = LambdaEventSerializers.serializerFor(APIGatewayCustomAuthorizerEvent.class, loader)
                    .fromJson(Files.readString(eventFile, StandardCharsets.UTF_8));
            IamPolicyResponseV1 policy = ((RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1>) authorizer)
                    .handleRequest(event, null);
            LambdaEventSerializers.serializerFor(IamPolicyResponseV1.class, loader).toJson(policy, json);
        }
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println("RESULT ConnectAuthorizer " + (json.toString(StandardCharsets.UTF_8).contains("\"Allow\"") ? "Allow" : "Deny"));
        // CHECKSTYLE.ON: NoSystemOut
    }
}
