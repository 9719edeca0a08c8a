package software.amazon.awssdk.regions;

/**
 * Replaces the SDK's generated provider of the same name in the Lambda jar (the shade filter drops the SDK's copy and
 * its 313 {@code servicemetadata} classes): the SDK's provider instantiates one metadata object per AWS service in its
 * static initializer, which cost 0.68 MB of the jar and about 320 loaded classes at every cold start.
 *
 * <p>No generated SDK client is left in this jar: DynamoDB and Secrets Manager go through the store's
 * {@code AwsJsonClient}, {@code @connections} through {@code ConnectionsClient}, none of which uses service metadata.
 * The replacement stays as a guard, so that an SDK path that does look metadata up (it would fall back to
 * {@link DefaultServiceMetadata} for {@code execute-api} either way) never loads the 313 classes.
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
