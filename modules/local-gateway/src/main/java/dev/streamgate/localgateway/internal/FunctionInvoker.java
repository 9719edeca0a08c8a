package dev.streamgate.localgateway.internal;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.streamgate.localgateway.HandlerLoadException;
import dev.streamgate.localgateway.Integration;
import dev.streamgate.localgateway.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs integrations: Java handlers in process (on virtual threads, with the Java Lambda runtime's serialization)
 * and Lambda Invoke API calls over HTTP. Completes with the function's JSON result, or exceptionally with a
 * {@link FunctionFailure}.
 */
public final class FunctionInvoker implements AutoCloseable {

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("local-gateway-fn-", 0).factory());
    private final ConcurrentMap<Integration, Object> instances = new ConcurrentHashMap<>();
    private final String region;
    private final String accountId;
    private volatile HttpClient http;

    /** An invoker reporting ARNs in this region and account. */
    public FunctionInvoker(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /** Creates every Java handler now, so a broken handler class fails {@code start()} and not the first call. */
    public void warm(Integration integration) {
        if (integration instanceof Integration.JavaHandler java) {
            instance(java);
        }
    }

    /** Invokes the integration with the event JSON. */
    public CompletableFuture<String> invoke(Integration integration, String eventJson, String requestId) {
        return switch (integration) {
            case Integration.JavaHandler java -> CompletableFuture.supplyAsync(
                    () -> invokeJava(java, eventJson, requestId), executor);
            case Integration.LambdaInvoke remote -> invokeRemote(remote, eventJson);
        };
    }

    private String invokeJava(Integration.JavaHandler integration, String eventJson, String requestId) {
        Object handler = instance(integration);
        LocalLambdaContext context = new LocalLambdaContext(requestId, integration.name(), region, accountId,
                integration.functionTimeout());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(handler.getClass().getClassLoader());
        try {
            if (handler instanceof RequestStreamHandler stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                stream.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
                return out.size() == 0 ? "null" : out.toString(StandardCharsets.UTF_8);
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> requestHandler = (RequestHandler<Object, Object>) handler;
            Object input = serializer(inputType(handler.getClass()), handler.getClass().getClassLoader())
                    .fromJson(eventJson);
            Object output = requestHandler.handleRequest(input, context);
            if (output == null) {
                return "null";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer(output.getClass(), handler.getClass().getClassLoader()).toJson(output, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (RuntimeException | Error e) {
            throw new FunctionFailure(e.getClass().getName() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new FunctionFailure(e.getClass().getName() + ": " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    // the same choice the Java Lambda runtime makes: its own serializers for known event types, Jackson otherwise
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> cls && LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(cls, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static Type inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type input = p.getActualTypeArguments()[0];
                    return input instanceof Class<?> || input instanceof ParameterizedType ? input : Object.class;
                }
            }
        }
        // a lambda expression or a raw type: the runtime would hand over a Map
        return Object.class;
    }

    private Object instance(Integration.JavaHandler integration) {
        if (integration.instance() != null) {
            return integration.instance();
        }
        return instances.computeIfAbsent(integration, i -> create((Integration.JavaHandler) i));
    }

    private static Object create(Integration.JavaHandler integration) {
        Class<?> cls = integration.handlerClass();
        if (!RequestHandler.class.isAssignableFrom(cls) && !RequestStreamHandler.class.isAssignableFrom(cls)) {
            throw new HandlerLoadException(cls.getName() + " implements neither RequestHandler nor RequestStreamHandler;"
                    + " implement one of them from aws-lambda-java-core");
        }
        try {
            try {
                Constructor<?> withEnv = cls.getConstructor(Map.class);
                return withEnv.newInstance(integration.environment());
            } catch (NoSuchMethodException e) {
                return cls.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw new HandlerLoadException(cls.getName() + " has no public no-argument or Map<String, String> constructor;"
                    + " add one", e);
        } catch (InvocationTargetException e) {
            throw new HandlerLoadException("the constructor of " + cls.getName() + " threw "
                    + e.getCause() + "; fix the handler or its environment", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerLoadException("cannot create " + cls.getName() + ": " + e
                    + "; make the class and its constructor public", e);
        }
    }

    private CompletableFuture<String> invokeRemote(Integration.LambdaInvoke integration, String eventJson) {
        HttpRequest request = HttpRequest.newBuilder(integration.invocationUri())
                .timeout(integration.functionTimeout())
                .header("Content-Type", "application/json")
                .header("X-Amz-Invocation-Type", "RequestResponse")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson))
                .build();
        return http().sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            String functionError = response.headers().firstValue("X-Amz-Function-Error").orElse(null);
            if (response.statusCode() / 100 != 2 || functionError != null) {
                throw new FunctionFailure("function " + integration.functionName() + " answered HTTP "
                        + response.statusCode() + (functionError == null ? "" : " (" + functionError + ")"), null);
            }
            return response.body().isEmpty() ? "null" : response.body();
        });
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
                }
                client = http;
            }
        }
        return client;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        HttpClient client = http;
        if (client != null) {
            client.shutdownNow();
        }
    }

    /** A function that threw, answered an error, or could not be reached. */
    public static final class FunctionFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FunctionFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
