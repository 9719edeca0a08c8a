package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamgate.auth.JwtConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code SG_*_SECRET_ARN} resolved through the real SDK Secrets Manager client (endpoint override) against a tiny local
 * server speaking the {@code GetSecretValue} JSON 1.1 protocol.
 */
class SecretsManagerSecretsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:JwtSecret-AbCdEf";
    private static final String INTERNAL_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Internal-AbCdEf";
    private static final String DEFAULT_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Default-AbCdEf";
    private static final Map<String, String> SECRETS = Map.of(
            JWT_ARN, "jwt-secret-from-secrets-manager-0123456789abcdef",
            INTERNAL_ARN, "internal-secret-from-secrets-manager-0123456789",
            DEFAULT_ARN, JwtConfig.LOCAL_SECRET);

    private static HttpServer server;
    private static final BlockingQueue<String> REQUESTS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", SecretsManagerSecretsIT::answer);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String id = body.path("SecretId").asText();
        REQUESTS.add(target + " " + id + " signed=" + (auth != null && auth.startsWith("AWS4-HMAC-SHA256")));
        byte[] out;
        int status;
        if (!"secretsmanager.GetSecretValue".equals(target) || !SECRETS.containsKey(id)) {
            status = 400;
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            out = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            out = JSON.writeValueAsBytes(Map.of("ARN", id, "Name", id.substring(id.lastIndexOf(':') + 1),
                    "SecretString", SECRETS.get(id), "VersionId", "v1", "VersionStages", new String[] {"AWSCURRENT"},
                    "CreatedDate", 1.7641e9));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static Map<String, String> lambda(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "sg-test");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "example");
        env.put("SG_SECRETS_MANAGER_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
        env.put("SG_DYNAMODB_ENDPOINT", "http://127.0.0.1:9");
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void arnVariables_areReadFromSecretsManagerAtInit_andWinOverPlainValues() throws InterruptedException {
        REQUESTS.clear();
        HandlerConfig config = HandlerConfig.fromEnvironment(lambda("SG_JWT_SECRET_ARN", JWT_ARN,
                "SG_INTERNAL_SECRET_ARN", INTERNAL_ARN, "SG_INTERNAL_SECRET", "plain-value-that-loses-0123456789abcdef"));

        assertThat(new String(config.jwt().secret(), StandardCharsets.UTF_8)).isEqualTo(SECRETS.get(JWT_ARN));
        assertThat(new String(config.signing().secret(), StandardCharsets.UTF_8)).isEqualTo(SECRETS.get(INTERNAL_ARN));
        assertThat(REQUESTS).containsExactlyInAnyOrder(
                "secretsmanager.GetSecretValue " + JWT_ARN + " signed=true",
                "secretsmanager.GetSecretValue " + INTERNAL_ARN + " signed=true");
    }

    @Test
    void authorizer_withAnArnHoldingTheLocalDefault_refusesToStart() {
        assertThatThrownBy(() -> new ConnectAuthorizer(lambda("SG_JWT_SECRET_ARN", DEFAULT_ARN)))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("SG_JWT_SECRET_ARN").hasMessageContaining("local default");
    }

    @Test
    void authorizer_withAnUnknownArn_failsNamingTheVariable() {
        assertThatThrownBy(() -> new ConnectAuthorizer(lambda("SG_JWT_SECRET_ARN", JWT_ARN + "-missing")))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("SG_JWT_SECRET_ARN").hasMessageContaining("GetSecretValue");
    }
}
