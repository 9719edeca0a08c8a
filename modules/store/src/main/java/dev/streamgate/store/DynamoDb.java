package dev.streamgate.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The DynamoDB client of the stores: DynamoDB's JSON protocol ({@code x-amz-json-1.0}) through {@link AwsJsonClient}
 * (the SDK's URL-connection HTTP client and SigV4 signer) instead of the generated SDK {@code DynamoDbClient}.
 *
 * <p>Why: the generated client was about 2 MB of the 12 MB Lambda jar (hundreds of model, marshaller, paginator and
 * endpoint-rule classes) and a large share of the handlers' cold start, while the stores use six operations
 * (PutItem, GetItem, UpdateItem, DeleteItem, Query, and CreateTable for local use) whose requests they already write
 * by hand. Requests and responses are Jackson trees in DynamoDB's wire form ({@code {"S":"..."}}, {@code {"N":"..."}},
 * {@code {"M":{...}}}); the stores' {@code Items} helper builds and reads them. Thread-safe; one per process.
 */
public final class DynamoDb implements AutoCloseable {

    /** {@code X-Amz-Target} prefix of every DynamoDB operation. */
    public static final String TARGET_PREFIX = "DynamoDB_20120810.";

    private final AwsJsonClient client;

    private DynamoDb(AwsJsonClient client) {
        this.client = client;
    }

    /**
     * A client for this region and credentials.
     *
     * @param endpointOverride e.g. {@code http://127.0.0.1:8000} for an emulator, or {@code null} for the region's
     *     public endpoint ({@code https://dynamodb.<region>.amazonaws.com})
     * @param region region name, e.g. {@code us-east-1}; also the signing region
     * @param credentials where credentials come from
     * @param settings timeouts and attempts
     */
    public static DynamoDb create(URI endpointOverride, String region, AwsCredentialsProvider credentials,
            AwsJsonClient.Settings settings) {
        Objects.requireNonNull(region, "region");
        URI endpoint = endpointOverride != null ? endpointOverride : publicEndpoint(region);
        return new DynamoDb(new AwsJsonClient(endpoint, region, "dynamodb", TARGET_PREFIX, "1.0", credentials, settings));
    }

    static URI publicEndpoint(String region) {
        return AwsJsonClient.publicEndpoint("dynamodb", region);
    }

    /** A new empty JSON object, for requests and attribute values. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The endpoint calls go to. */
    public URI endpoint() {
        return client.endpoint();
    }

    /**
     * Runs one operation and returns its JSON response (an empty object for an empty body).
     *
     * @param operation e.g. {@code PutItem}
     * @param request the request body in DynamoDB's JSON form
     * @throws AwsJsonException DynamoDB answered with an error, or could not be reached, after the retries
     */
    public ObjectNode call(String operation, ObjectNode request) {
        return client.call(operation, request);
    }

    /**
     * Creates a table from its definition; returns false if a table of that name exists already.
     *
     * @throws AwsJsonException on any other error
     */
    public boolean createTable(TableDefinition table) {
        try {
            call("CreateTable", table.toCreateTableJson());
            return true;
        } catch (AwsJsonException e) {
            if ("ResourceInUseException".equals(e.errorType())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
