package dev.streamgate.store.internal;

import dev.streamgate.store.StoreThrottledException;
import dev.streamgate.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Turns SDK exceptions into the store's typed exceptions, with messages that say what to do. */
public final class DynamoErrors {

    private DynamoErrors() {
    }

    /** The typed exception for a failed call; conditional-check failures are handled by the callers, not here. */
    public static StoreUnavailableException translate(SdkException e, String operation, String table) {
        if (isThrottling(e)) {
            return new StoreThrottledException("DynamoDB throttled " + operation + " on table " + table
                    + " after the client's retries: retry later, or raise the table's capacity", e);
        }
        if (e instanceof ResourceNotFoundException) {
            return new StoreUnavailableException("DynamoDB table " + table + " does not exist: create it from TableDefinitions"
                    + " (infra does) or set SG_CONNECTIONS_TABLE / SG_STREAMS_TABLE to the right names", e);
        }
        return new StoreUnavailableException("DynamoDB " + operation + " on table " + table + " failed (" + e.getClass().getSimpleName()
                + "): check that DynamoDB is reachable (SG_DYNAMODB_ENDPOINT locally) and the credentials", e);
    }

    private static boolean isThrottling(SdkException e) {
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return true;
            }
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return "ProvisionedThroughputExceededException".equals(code) || "ThrottlingException".equals(code)
                    || "RequestLimitExceeded".equals(code);
        }
        return false;
    }
}
