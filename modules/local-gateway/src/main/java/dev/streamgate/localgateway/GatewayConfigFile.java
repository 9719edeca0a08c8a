package dev.streamgate.localgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the standalone gateway's JSON configuration file into a {@link LocalGateway.Builder}. Everything the file
 * can say, the builder can say in code. The format is documented in the module's README.
 */
public final class GatewayConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_LEVEL = Set.of("host", "port", "stage", "apiId", "region", "accountId",
            "domainName", "routeSelectionExpression", "classpath", "routes", "authorizer", "limits", "faults",
            "subprotocols", "recording", "pushesKeepAlive");

    private GatewayConfigFile() {
    }

    /** Reads a configuration file; relative {@code classpath} entries are resolved against its folder. */
    public static LocalGateway.Builder read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigFileException("cannot read gateway config " + file + ": " + e.getMessage()
                    + "; pass the path of a JSON file (see the local-gateway README)", e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigFileException("gateway config " + file + " must be a JSON object");
        }
        return parse(root, file.toAbsolutePath().getParent());
    }

    /** Parses a configuration tree; {@code baseDir} resolves relative class path entries. */
    public static LocalGateway.Builder parse(JsonNode root, Path baseDir) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw new ConfigFileException("unknown field '" + field + "' in gateway config; known fields: "
                        + new java.util.TreeSet<>(TOP_LEVEL));
            }
        }
        ClassLoader loader = classLoader(root.path("classpath"), baseDir);
        LocalGateway.Builder builder = LocalGateway.builder();
        text(root, "host").ifPresent(builder::host);
        if (root.has("port")) {
            builder.port(root.get("port").asInt());
        }
        text(root, "stage").ifPresent(builder::stage);
        text(root, "apiId").ifPresent(builder::apiId);
        text(root, "region").ifPresent(builder::region);
        text(root, "accountId").ifPresent(builder::accountId);
        text(root, "domainName").ifPresent(builder::domainName);
        text(root, "routeSelectionExpression").ifPresent(builder::routeSelectionExpression);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("routes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> route = it.next();
            Integration integration = integration(route.getValue(), "routes." + route.getKey(), loader);
            if (route.getValue().path("routeResponse").asBoolean(false)) {
                builder.twoWayRoute(route.getKey(), integration);
            } else {
                builder.route(route.getKey(), integration);
            }
        }
        JsonNode authorizer = root.path("authorizer");
        if (authorizer.isObject()) {
            List<String> sources = new ArrayList<>();
            authorizer.path("identitySources").forEach(s -> sources.add(s.asText()));
            builder.authorizer(new Authorizer(integration(authorizer, "authorizer", loader), sources));
        }
        builder.limits(limits(root.path("limits")));
        builder.faults(faults(root.path("faults")));
        root.path("subprotocols").forEach(p -> builder.subprotocols(p.asText()));
        // a long-running process must not keep every call in memory
        builder.recording(root.path("recording").asBoolean(false));
        builder.pushesKeepAlive(root.path("pushesKeepAlive").asBoolean(true));
        return builder;
    }

    private static Integration integration(JsonNode node, String where, ClassLoader loader) {
        Duration timeout = Duration.ofMillis(node.path("timeoutMillis").asLong(
                Integration.DEFAULT_FUNCTION_TIMEOUT.toMillis()));
        if (node.hasNonNull("handler")) {
            String className = node.get("handler").asText();
            Class<?> cls;
            try {
                cls = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigFileException(where + ".handler: class " + className + " not found; add its jar to "
                        + "\"classpath\" in the config (or to -cp)", e);
            }
            Map<String, String> env = new LinkedHashMap<>();
            node.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            return Integration.handler(cls, env).withFunctionTimeout(timeout);
        }
        JsonNode invoke = node.path("lambdaInvoke");
        if (invoke.isObject() && invoke.hasNonNull("endpoint") && invoke.hasNonNull("function")) {
            return Integration.lambdaInvoke(URI.create(invoke.get("endpoint").asText()), invoke.get("function").asText())
                    .withFunctionTimeout(timeout);
        }
        throw new ConfigFileException(where + ": give either \"handler\": \"fully.qualified.Class\" or "
                + "\"lambdaInvoke\": {\"endpoint\": \"http://host:port\", \"function\": \"name\"}");
    }

    private static Limits limits(JsonNode node) {
        Limits.Builder limits = Limits.builder();
        if (node.has("frameBytes")) {
            limits.frameBytes(node.get("frameBytes").asInt());
        }
        if (node.has("messageBytes")) {
            limits.messageBytes(node.get("messageBytes").asInt());
        }
        if (node.has("integrationTimeoutMillis")) {
            limits.integrationTimeout(Duration.ofMillis(node.get("integrationTimeoutMillis").asLong()));
        }
        if (node.has("idleTimeoutMillis")) {
            limits.idleTimeout(Duration.ofMillis(node.get("idleTimeoutMillis").asLong()));
        }
        if (node.has("maxConnectionDurationMillis")) {
            limits.maxConnectionDuration(Duration.ofMillis(node.get("maxConnectionDurationMillis").asLong()));
        }
        if (node.has("maxPendingMessages")) {
            limits.maxPendingMessages(node.get("maxPendingMessages").asInt());
        }
        return limits.build();
    }

    private static Faults faults(JsonNode node) {
        Faults.Builder faults = Faults.builder();
        if (node.has("throttleFraction")) {
            faults.throttleFraction(node.get("throttleFraction").asDouble());
        }
        if (node.has("errorFraction")) {
            faults.errorFraction(node.get("errorFraction").asDouble());
        }
        if (node.has("managementLatencyMillis")) {
            faults.managementLatency(Duration.ofMillis(node.get("managementLatencyMillis").asLong()));
        }
        if (node.has("dropAfterMessages")) {
            faults.dropAfterMessages(node.get("dropAfterMessages").asInt());
        }
        if (node.has("dropAfterMillis")) {
            faults.dropAfter(Duration.ofMillis(node.get("dropAfterMillis").asLong()));
        }
        if (node.has("seed")) {
            faults.seed(node.get("seed").asLong());
        }
        return faults.build();
    }

    private static ClassLoader classLoader(JsonNode classpath, Path baseDir) {
        ClassLoader parent = GatewayConfigFile.class.getClassLoader();
        if (!classpath.isArray() || classpath.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (JsonNode entry : classpath) {
            Path path = baseDir == null ? Path.of(entry.asText()) : baseDir.resolve(entry.asText());
            if (!Files.exists(path)) {
                throw new ConfigFileException("classpath entry " + path + " does not exist; build the handlers' jar first "
                        + "or fix the path (relative paths are resolved against the config file's folder)");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigFileException("classpath entry " + path + " is not a valid path", e);
            }
        }
        return new URLClassLoader("handlers", urls.toArray(URL[]::new), parent);
    }

    private static java.util.Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? java.util.Optional.empty() : java.util.Optional.of(node.asText());
    }
}
