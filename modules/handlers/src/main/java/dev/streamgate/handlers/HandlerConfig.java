package dev.streamgate.handlers;

import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.SigningConfig;
import dev.streamgate.protocol.Limits;
import dev.streamgate.store.DynamoDbClients;
import dev.streamgate.store.TableDefinitions;
import java.net.URI;
import dev.streamgate.handlers.internal.SecretsManagerSecrets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Everything the four handlers are configured with, read from the Lambda environment in one place
 * ({@link #fromEnvironment(Map)}); every value has a default that works with the local stack.
 *
 * @param jwt how the authorizer verifies tokens ({@code SG_JWT_*}, read by the auth module)
 * @param signing the shared secret for internal calls ({@code SG_INTERNAL_SECRET})
 * @param limits protocol limits ({@code SG_MAX_MESSAGE_TEXT_BYTES})
 * @param tables table names ({@code SG_CONNECTIONS_TABLE}, {@code SG_STREAMS_TABLE})
 * @param dynamoDbEndpoint DynamoDB endpoint override ({@code SG_DYNAMODB_ENDPOINT}), or null for AWS
 * @param region AWS region ({@code AWS_REGION}, set by Lambda)
 * @param credentials AWS credentials for DynamoDB and {@code @connections}
 * @param coreUrl base URL of the core's internal API for new chats ({@code SG_CORE_URL})
 * @param coreTimeout connect and read timeout of calls to the core ({@code SG_CORE_TIMEOUT_MS})
 * @param managementEndpoint {@code @connections} endpoint override ({@code SG_MANAGEMENT_ENDPOINT}), or null to derive it
 *                           from the event's domain name and stage
 * @param maxConnectionsPerUser open connections a user may have at once ({@code SG_MAX_CONNECTIONS_PER_USER})
 */
public record HandlerConfig(JwtConfig jwt, SigningConfig signing, Limits limits, TableDefinitions tables, URI dynamoDbEndpoint,
                            String region, AwsCredentialsProvider credentials, URI coreUrl, Duration coreTimeout,
                            URI managementEndpoint, int maxConnectionsPerUser) {

    /** Default {@code SG_CORE_URL}: the core on this machine. */
    public static final String DEFAULT_CORE_URL = "http://127.0.0.1:8080";
    /** Default {@code SG_CORE_TIMEOUT_MS}: well inside API Gateway's 29 s, short enough to answer the client quickly. */
    public static final int DEFAULT_CORE_TIMEOUT_MS = 2_000;
    /** Default {@code SG_MAX_CONNECTIONS_PER_USER}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 5;
    /** Default region when {@code AWS_REGION} is unset (local runs). */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Validates the fields; the two endpoint overrides may be null. */
    public HandlerConfig {
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(coreUrl, "coreUrl");
        Objects.requireNonNull(coreTimeout, "coreTimeout");
        if (maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("SG_MAX_CONNECTIONS_PER_USER must be at least 1, was " + maxConnectionsPerUser);
        }
    }

    /** The secrets a handler uses, checked strictly when it runs in Lambda. */
    public enum Secret {
        /** {@code SG_JWT_SECRET} (or {@code SG_JWT_SECRET_ARN}, or {@code SG_JWT_JWKS_URL} instead): the authorizer. */
        JWT("SG_JWT_SECRET", JwtConfig.LOCAL_SECRET),
        /** {@code SG_INTERNAL_SECRET} (or {@code SG_INTERNAL_SECRET_ARN}): handlers that call the core. */
        INTERNAL("SG_INTERNAL_SECRET", SigningConfig.LOCAL_SECRET);

        private final String variable;
        private final String localDefault;

        Secret(String variable, String localDefault) {
            this.variable = variable;
            this.localDefault = localDefault;
        }

        /** The variable holding the value; the ARN variable is this name + {@code _ARN}. */
        public String variable() {
            return variable;
        }
    }

    /** Set by the Lambda runtime; its presence switches on the strict secret checks. */
    public static final String LAMBDA_MARKER = "AWS_LAMBDA_FUNCTION_NAME";
    /** Secrets Manager endpoint override (tests, emulators). */
    public static final String SECRETS_MANAGER_ENDPOINT = "SG_SECRETS_MANAGER_ENDPOINT";

    /** The configuration from the process environment, checking every secret strictly in Lambda. */
    public static HandlerConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The configuration from the process environment, checking only the secrets this handler uses strictly in Lambda. */
    public static HandlerConfig fromEnvironment(Secret... needed) {
        return fromEnvironment(System.getenv(), needed);
    }

    /** The configuration from an environment map, checking every secret strictly in Lambda. */
    public static HandlerConfig fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Secret.values());
    }

    /**
     * The configuration from an environment map.
     *
     * <p>Credentials: with an endpoint override and no {@code AWS_ACCESS_KEY_ID} (the local stack), fixed dummy
     * credentials, since emulators accept any signature; otherwise the container credentials endpoint when Lambda offers one
     * (SnapStart), else the keys in the map, else the SDK's default chain.
     *
     * <p>Secrets: {@code SG_JWT_SECRET_ARN} / {@code SG_INTERNAL_SECRET_ARN}, when set, are read from Secrets Manager
     * here (once per execution environment; with SnapStart the value is in the snapshot) and win over the plain
     * variables. When {@code AWS_LAMBDA_FUNCTION_NAME} is set (running in Lambda), every secret in {@code needed} must
     * come from its ARN or its plain variable ({@code SG_JWT_JWKS_URL} also satisfies {@link Secret#JWT}) and must not
     * be the published local default, else {@link InsecureConfigurationException}. Outside Lambda the local defaults
     * apply.
     *
     * @param needed the secrets the calling handler uses
     * @throws InsecureConfigurationException in Lambda, for a missing or local-default secret
     * @throws SecretUnavailableException when an ARN is set but the secret cannot be read
     */
    public static HandlerConfig fromEnvironment(Map<String, String> env, Secret... needed) {
        URI dynamo = optionalUri(env, "SG_DYNAMODB_ENDPOINT");
        URI management = optionalUri(env, "SG_MANAGEMENT_ENDPOINT");
        AwsCredentialsProvider credentials;
        if ((dynamo != null || management != null) && !env.containsKey("AWS_ACCESS_KEY_ID")) {
            credentials = DynamoDbClients.localCredentials();
        } else {
            credentials = lambdaCredentials(env);
        }
        String region = env.getOrDefault("AWS_REGION", DEFAULT_REGION);
        Map<String, String> resolved = resolveSecrets(env, region, credentials, Set.of(needed));
        return new HandlerConfig(
                JwtConfig.fromEnvironment(resolved),
                SigningConfig.fromEnvironment(resolved),
                Limits.fromEnvironment(env),
                TableDefinitions.fromEnvironment(env),
                dynamo,
                region,
                credentials,
                URI.create(stripSlash(env.getOrDefault("SG_CORE_URL", DEFAULT_CORE_URL))),
                Duration.ofMillis(positiveInt(env, "SG_CORE_TIMEOUT_MS", DEFAULT_CORE_TIMEOUT_MS)),
                management,
                positiveInt(env, "SG_MAX_CONNECTIONS_PER_USER", DEFAULT_MAX_CONNECTIONS_PER_USER));
    }

    /**
     * Credentials without walking the SDK's default chain (which costs class loading and probes at cold start): the
     * container credentials endpoint when Lambda offers one (SnapStart functions: credentials must be fresh after a
     * restore), else the keys in the environment map (what Lambda sets otherwise), else the default chain (a laptop).
     */
    private static AwsCredentialsProvider lambdaCredentials(Map<String, String> env) {
        if (!isBlank(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) || !isBlank(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))) {
            return ContainerCredentialsProvider.builder().build();
        }
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (!isBlank(key) && !isBlank(secret)) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(isBlank(token) ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Map<String, String> resolveSecrets(Map<String, String> env, String region, AwsCredentialsProvider credentials,
                                                      Set<Secret> needed) {
        Map<String, String> out = new HashMap<>(env);
        boolean inLambda = !isBlank(env.get(LAMBDA_MARKER));
        SecretsManagerSecrets secretsManager = null;
        try {
            for (Secret secret : Secret.values()) {
                String arnVariable = secret.variable + "_ARN";
                String arn = env.get(arnVariable);
                if (!isBlank(arn)) {
                    if (secretsManager == null) {
                        secretsManager = new SecretsManagerSecrets(optionalUri(env, SECRETS_MANAGER_ENDPOINT), region, credentials);
                    }
                    out.put(secret.variable, secretsManager.read(arnVariable, arn.trim()));
                }
                if (!inLambda || !needed.contains(secret)) {
                    continue;
                }
                String value = out.get(secret.variable);
                if (isBlank(value)) {
                    if (secret == Secret.JWT && !isBlank(env.get("SG_JWT_JWKS_URL"))) {
                        continue;
                    }
                    throw new InsecureConfigurationException("Running in Lambda (" + LAMBDA_MARKER + " is set) without "
                            + arnVariable + " or " + secret.variable + (secret == Secret.JWT ? " or SG_JWT_JWKS_URL" : "")
                            + ": refusing to fall back to the published local default secret. Set " + arnVariable
                            + " to the secret's ARN (infra does this).");
                }
                if (value.trim().equals(secret.localDefault)) {
                    throw new InsecureConfigurationException("Running in Lambda (" + LAMBDA_MARKER + " is set) with "
                            + (isBlank(arn) ? secret.variable : "the secret named by " + arnVariable)
                            + " equal to the published local default: refusing to start. Store a long random value.");
                }
            }
        } finally {
            if (secretsManager != null) {
                secretsManager.close();
            }
        }
        return out;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static URI optionalUri(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(stripSlash(value.trim()));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL such as http://127.0.0.1:8000, was '"
                    + value + "'", e);
        }
    }

    private static int positiveInt(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
