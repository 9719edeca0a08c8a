package dev.streamgate.infra;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables the LocalStack tier unless Docker and {@code LOCALSTACK_AUTH_TOKEN} are both there, and says
 * which is missing (reported as skipped, with the reason).
 */
final class RequiresDockerAndLocalStackToken implements ExecutionCondition {
    static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = missing();
        return missing.isEmpty()
                ? ConditionEvaluationResult.enabled("Docker and " + TOKEN_VARIABLE + " present")
                : ConditionEvaluationResult.disabled("LocalStack tier skipped: it needs Docker and " + TOKEN_VARIABLE
                        + " (WebSocket APIs are not in LocalStack's free plan); missing: " + String.join(", ", missing));
    }

    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            missing.add(TOKEN_VARIABLE);
        }
        if (!dockerAvailable()) {
            missing.add("Docker (no reachable Docker engine)");
        }
        return missing;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
