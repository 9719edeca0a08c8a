package dev.streamgate.localgateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a route (or the authorizer) invokes: a Java Lambda handler in process, or any function behind the
 * Lambda Invoke API over HTTP.
 *
 * <p>A Java handler implements {@code RequestHandler<I, O>} or {@code RequestStreamHandler}. It is created once
 * (like a warm Lambda) through a public constructor taking {@code Map<String, String>} (its environment, like a
 * Lambda's environment variables) or else a public no-argument constructor. Calls may run concurrently on the one
 * instance, so a handler must be thread-safe (most Lambda handlers are). The event reaches it the way the Java
 * Lambda runtime delivers it: serialized to JSON, then deserialized with {@code aws-lambda-java-serialization}.
 */
public sealed interface Integration permits Integration.JavaHandler, Integration.LambdaInvoke {

    /** The default function timeout, which {@code Context.getRemainingTimeInMillis()} counts down from. */
    Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(30);

    /** A name for logs and recorded invocations. */
    String name();

    /** A Java handler class with an empty environment. */
    static JavaHandler handler(Class<?> handlerClass) {
        return handler(handlerClass, Map.of());
    }

    /** A Java handler class created with its own environment map. */
    static JavaHandler handler(Class<?> handlerClass, Map<String, String> environment) {
        return new JavaHandler(handlerClass, null, environment, DEFAULT_FUNCTION_TIMEOUT);
    }

    /** A handler instance the caller made (a lambda expression implementing {@code RequestHandler} works too). */
    static JavaHandler handler(Object handlerInstance) {
        Objects.requireNonNull(handlerInstance, "handlerInstance");
        return new JavaHandler(handlerInstance.getClass(), handlerInstance, Map.of(), DEFAULT_FUNCTION_TIMEOUT);
    }

    /**
     * A function behind the Lambda Invoke API: the event is POSTed to
     * {@code {endpoint}/2015-03-31/functions/{functionName}/invocations} and the response body is the result.
     */
    static LambdaInvoke lambdaInvoke(URI endpoint, String functionName) {
        return new LambdaInvoke(endpoint, functionName, DEFAULT_FUNCTION_TIMEOUT);
    }

    /**
     * An in-process Java handler.
     *
     * @param handlerClass the class implementing {@code RequestHandler} or {@code RequestStreamHandler}
     * @param instance a ready instance, or {@code null} to create one from {@code handlerClass}
     * @param environment the handler's environment variables, passed to a {@code Map<String, String>} constructor
     * @param functionTimeout the Lambda function timeout reported by {@code Context.getRemainingTimeInMillis()}
     */
    record JavaHandler(Class<?> handlerClass, Object instance, Map<String, String> environment, Duration functionTimeout)
            implements Integration {

        /** Validates and copies. */
        public JavaHandler {
            Objects.requireNonNull(handlerClass, "handlerClass");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(functionTimeout, "functionTimeout");
        }

        /** The same handler with another function timeout. */
        public JavaHandler withFunctionTimeout(Duration timeout) {
            return new JavaHandler(handlerClass, instance, environment, timeout);
        }

        @Override
        public String name() {
            return handlerClass.getSimpleName().isEmpty() ? handlerClass.getName() : handlerClass.getSimpleName();
        }

        // identity semantics: two routes configured with the same class share nothing unless they share the record
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A function reached through the Lambda Invoke API over HTTP (a Lambda runtime emulator, or a server in any
     * language that answers {@code POST /2015-03-31/functions/{name}/invocations}).
     *
     * @param endpoint base URL, e.g. {@code http://127.0.0.1:9001}
     * @param functionName the function name in the path
     * @param functionTimeout how long the HTTP call may take before it is abandoned
     */
    record LambdaInvoke(URI endpoint, String functionName, Duration functionTimeout) implements Integration {

        /** Validates. */
        public LambdaInvoke {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(functionTimeout, "functionTimeout");
        }

        /** The same function with another timeout. */
        public LambdaInvoke withFunctionTimeout(Duration timeout) {
            return new LambdaInvoke(endpoint, functionName, timeout);
        }

        /** The full invocation URL. */
        public URI invocationUri() {
            String base = endpoint.toString();
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return URI.create(base + "/2015-03-31/functions/" + functionName + "/invocations");
        }

        @Override
        public String name() {
            return functionName;
        }
    }
}
