package dev.streamgate.store.internal;

import dev.streamgate.store.AwsJsonException;
import dev.streamgate.store.StoreThrottledException;
import dev.streamgate.store.StoreUnavailableException;

/** Turns {@link AwsJsonException}s into the store's typed exceptions, with messages that say what to do. */
public final class DynamoErrors {

    private DynamoErrors() {
    }

    /** The typed exception for a failed call; conditional-check failures are handled by the callers, not here. */
    public static StoreUnavailableException translate(AwsJsonException e, String operation, String table) {
        if (e.isThrottling()) {
            return new StoreThrottledException("DynamoDB throttled " + operation + " on table " + table
                    + " after the client's retries: retry later, or raise the table's capacity", e);
        }
        if ("ResourceNotFoundException".equals(e.errorType())) {
            return new StoreUnavailableException("DynamoDB table " + table + " does not exist: create it from TableDefinitions"
                    + " (infra does) or set SG_CONNECTIONS_TABLE / SG_STREAMS_TABLE to the right names", e);
        }
        return new StoreUnavailableException("DynamoDB " + operation + " on table " + table + " failed (" + e.errorType()
                + "): check that DynamoDB is reachable (SG_DYNAMODB_ENDPOINT locally) and the credentials", e);
    }
}
