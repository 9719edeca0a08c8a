package dev.streamgate.handlers.internal;

import dev.streamgate.handlers.SecretUnavailableException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads secret values from Secrets Manager once, at handler init, with the SDK client on the URL-connection HTTP
 * client (the only HTTP client in the Lambda jar).
 *
 * <p>Why the SDK client and not the Parameters and Secrets Lambda Extension: the extension is a layer that starts its
 * own process in the init phase (tens of ms of cold start every time, plus a layer to version in infra) and answers
 * on localhost with a token header; the SDK client costs only the few classes of {@code GetSecretValue} in the jar
 * (the rest of the artifact is filtered out by the shade configuration) and one HTTPS call at init, which SnapStart
 * moves into the snapshot. The client is built only when an {@code *_ARN} variable is set and closed right after.
 */
public final class SecretsManagerSecrets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecrets.class);

    private final SecretsManagerClient client;

    /**
     * A client for this region and credentials.
     *
     * @param endpointOverride Secrets Manager endpoint ({@code SG_SECRETS_MANAGER_ENDPOINT}), or null for AWS
     */
    public SecretsManagerSecrets(URI endpointOverride, String region, AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2))
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(4)).apiCallAttemptTimeout(Duration.ofSeconds(2)));
        if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
        }
        this.client = b.build();
    }

    /**
     * The {@code SecretString} of the secret with this ARN.
     *
     * @param variable the environment variable the ARN came from, named in the exception
     * @throws SecretUnavailableException when the call fails or the secret has no string value
     */
    public String read(String variable, String arn) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(arn));
        } catch (SdkException e) {
            throw new SecretUnavailableException(variable + " names " + arn + ", which could not be read from Secrets Manager ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check the ARN, the function's permission"
                    + " secretsmanager:GetSecretValue on it, and its network path to Secrets Manager.", e);
        }
        String value = response.secretString();
        if (value == null || value.isBlank()) {
            throw new SecretUnavailableException(variable + " names " + arn + ", whose value is empty or binary; store the"
                    + " secret as a plain SecretString.", null);
        }
        LOG.info("secret read from Secrets Manager variable={} versionId={}", variable, response.versionId());
        return value.trim();
    }

    @Override
    public void close() {
        client.close();
    }
}
