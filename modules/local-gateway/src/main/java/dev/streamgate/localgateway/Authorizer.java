package dev.streamgate.localgateway;

import java.util.List;
import java.util.Objects;

/**
 * A Lambda REQUEST authorizer on {@code $connect}.
 *
 * <p>Identity sources are written as in API Gateway: {@code route.request.querystring.NAME} or
 * {@code route.request.header.NAME}. When one of them is missing the client gets 401 and the authorizer is not
 * called. The authorizer answers with an IAM policy; {@code Deny} (or no {@code Allow} covering the
 * {@code $connect} method ARN) gives 403. Its {@code context} (plus {@code principalId}) appears as
 * {@code requestContext.authorizer} in every later event of the connection.
 *
 * @param integration the authorizer function
 * @param identitySources required request parameters; empty means none are required
 */
public record Authorizer(Integration integration, List<String> identitySources) {

    /** Validates and copies. */
    public Authorizer {
        Objects.requireNonNull(integration, "integration");
        identitySources = List.copyOf(identitySources);
        for (String source : identitySources) {
            if (!source.startsWith("route.request.querystring.") && !source.startsWith("route.request.header.")) {
                throw new IllegalArgumentException("identity source '" + source
                        + "' is not supported: use route.request.querystring.NAME or route.request.header.NAME");
            }
        }
    }

    /** An authorizer requiring the given identity sources. */
    public static Authorizer of(Integration integration, String... identitySources) {
        return new Authorizer(integration, List.of(identitySources));
    }
}
