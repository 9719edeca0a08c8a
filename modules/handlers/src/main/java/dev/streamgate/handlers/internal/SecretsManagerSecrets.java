package dev.streamgate.handlers.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgate.handlers.SecretUnavailableException;
import dev.streamgate.store.AwsJsonClient;
import dev.streamgate.store.AwsJsonException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Reads secret values from Secrets Manager once, at handler init: one signed {@code GetSecretValue} call in Secrets
 * Manager's JSON 1.1 protocol through the store's {@link AwsJsonClient} (the SDK's URL-connection HTTP client and
 * SigV4 signer), not the generated Secrets Manager client, which cost 0.7 MB of the Lambda jar and its client set-up
 * at cold start for this single call.
 *
 * <p>Why not the Parameters and Secrets Lambda Extension: the extension is a layer that starts its own process in the
 * init phase (tens of ms of cold start every time, plus a layer to version in infra) and answers on localhost with a
 * token header; this is one HTTPS call at init, which SnapStart moves into the snapshot. The client is built only when
 * an {@code *_ARN} variable is set and closed right after.
 */
public final class SecretsManagerSecrets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecrets.class);

    private final AwsJsonClient client;

    /**
     * A client for this region and credentials.
     *
     * @param endpointOverride Secrets Manager endpoint ({@code SG_SECRETS_MANAGER_ENDPOINT}), or null for AWS
     */
    public SecretsManagerSecrets(URI endpointOverride, String region, AwsCredentialsProvider credentials) {
        URI endpoint = endpointOverride != null ? endpointOverride : AwsJsonClient.publicEndpoint("secretsmanager", region);
        this.client = new AwsJsonClient(endpoint, region, "secretsmanager", "secretsmanager.", "1.1", credentials,
                new AwsJsonClient.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), 3));
    }

    /**
     * The {@code SecretString} of the secret with this ARN.
     *
     * @param variable the environment variable the ARN came from, named in the exception
     * @throws SecretUnavailableException when the call fails or the secret has no string value
     */
    public String read(String variable, String arn) {
        ObjectNode response;
        try {
            response = client.call("GetSecretValue", AwsJsonClient.object().put("SecretId", arn));
        } catch (AwsJsonException e) {
            throw new SecretUnavailableException(variable + " names " + arn + ", which could not be read from Secrets Manager ("
                    + e.errorType() + ": " + e.getMessage() + "). Check the ARN, the function's permission"
                    + " secretsmanager:GetSecretValue on it, and its network path to Secrets Manager.", e);
        }
        String value = response.path("SecretString").isTextual() ? response.path("SecretString").textValue() : null;
        if (value == null || value.isBlank()) {
            throw new SecretUnavailableException(variable + " names " + arn + ", whose value is empty or binary; store the"
                    + " secret as a plain SecretString.", null);
        }
        LOG.info("secret read from Secrets Manager variable={} versionId={}", variable, response.path("VersionId").asText(""));
        return value.trim();
    }

    @Override
    public void close() {
        client.close();
    }
}
