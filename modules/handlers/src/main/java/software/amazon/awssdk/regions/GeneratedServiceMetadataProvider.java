package software.amazon.awssdk.regions;

/**
 * Replaces the SDK's generated provider of the same name in the Lambda jar (the shade filter drops the SDK's copy and
 * its 313 {@code servicemetadata} classes): the SDK's provider instantiates one metadata object per AWS service in its
 * static initializer, which cost 0.68 MB of the jar and about 320 loaded classes at every cold start.
 *
 * <p>Behaviour is unchanged for the only generated SDK client in this jar, {@code ApiGatewayManagementApiClient}: its
 * endpoint prefix {@code execute-api} has no entry in the SDK's provider either, so {@link ServiceMetadata#of} falls
 * back to {@link DefaultServiceMetadata} in both cases (and the client always runs with an endpoint override).
 * DynamoDB and Secrets Manager are called through the store's {@code AwsJsonClient}, which uses no service metadata.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    /** Instantiated by the SDK's {@code MetadataLoader}. */
    public GeneratedServiceMetadataProvider() {
    }

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return null;
    }
}
