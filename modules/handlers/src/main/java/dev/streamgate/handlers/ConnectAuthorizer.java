package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.streamgate.auth.InvalidTokenException;
import dev.streamgate.auth.JwtVerifier;
import dev.streamgate.auth.Principal;
import dev.streamgate.handlers.internal.EventJson;
import dev.streamgate.handlers.internal.Headers;
import dev.streamgate.handlers.internal.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REQUEST authorizer on {@code $connect}: verifies the JWT and answers an IAM policy for the connect method ARN.
 *
 * <p>The token comes from the {@code token} query parameter or, for browsers, from {@code Sec-WebSocket-Protocol} as
 * {@code streamgate.v1, bearer.<jwt>} (see {@link Subprotocols}); the query parameter wins when both are present.
 * A valid token gives {@code Allow} with the context {@code {userId, issuer, expiresAt, scopes}}, which API Gateway
 * hands to every later route event as {@code requestContext.authorizer}. Anything else, including any exception, gives
 * {@code Deny}: the authorizer fails closed. Configure it on API Gateway without identity sources (the token may come
 * either way) and without result caching.
 *
 * <p>Two entries, like the route handlers: the typed one, and the {@code RequestStreamHandler} one the Lambda runtime
 * calls (it prefers it when a class implements both), which reads the event and writes the policy with jackson-core
 * ({@link EventJson}) so that the runtime's databind event serializer never runs.
 */
public final class ConnectAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1>,
        RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectAuthorizer.class);

    /** The query parameter that carries the token. */
    public static final String TOKEN_PARAMETER = "token";

    private final JwtVerifier verifier;
    // held strongly: the CRaC context only keeps weak references to resources
    private final Resource priming;

    /** Reads the configuration from the Lambda environment. */
    public ConnectAuthorizer() {
        this(HandlerConfig.fromEnvironment(HandlerConfig.Secret.JWT));
    }

    /** Reads the configuration from this environment map (the local gateway passes one). */
    public ConnectAuthorizer(Map<String, String> environment) {
        this(HandlerConfig.fromEnvironment(environment, HandlerConfig.Secret.JWT));
    }

    /** Uses this configuration (only its JWT settings). */
    public ConnectAuthorizer(HandlerConfig config) {
        this.verifier = JwtVerifier.create(config.jwt());
        this.priming = new Resource() {
            @Override
            public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
                prime();
            }

            @Override
            public void afterRestore(org.crac.Context<? extends Resource> context) {
                LOG.debug("restored from snapshot");
            }
        };
        Core.getGlobalContext().register(priming);
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        String methodArn = event == null || event.getMethodArn() == null ? "*" : event.getMethodArn();
        try {
            String token = token(event);
            if (token == null) {
                LOG.debug("no token on connect");
                return deny(methodArn);
            }
            Principal principal = verifier.verify(token);
            return IamPolicyResponseV1.builder()
                    .withPrincipalId(principal.userId())
                    .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                            .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                            .withStatement(List.of(IamPolicyResponseV1.allowStatement(methodArn)))
                            .build())
                    .withContext(new HashMap<>(principal.toAuthorizerContext()))
                    .build();
        } catch (InvalidTokenException e) {
            LOG.debug("token refused reason={}", e.reason().wireName());
            return deny(methodArn);
        } catch (RuntimeException | Error e) {
            // fail closed: a verifier fault (JWK set down, bug) must never let anyone in
            LOG.warn("authorizer failed, denying error={}", e.getClass().getSimpleName());
            return deny(methodArn);
        }
    }

    /**
     * The entry the Lambda runtime calls: raw event JSON in, policy JSON out (same shape as the runtime writes).
     *
     * @throws MalformedEventException the input is not an authorizer event (the invocation fails, so API Gateway
     *                                 refuses the connection: still closed)
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventJson.writePolicy(handleRequest(EventJson.readAuthorizerEvent(input), context), output);
    }

    private static String token(APIGatewayCustomAuthorizerEvent event) {
        Map<String, String> query = event.getQueryStringParameters();
        String fromQuery = query == null ? null : query.get(TOKEN_PARAMETER);
        if (fromQuery != null && !fromQuery.isBlank()) {
            return fromQuery;
        }
        return Subprotocols.bearerToken(Headers.get(event.getHeaders(), Subprotocols.HEADER)).orElse(null);
    }

    private static IamPolicyResponseV1 deny(String methodArn) {
        return IamPolicyResponseV1.builder()
                .withPrincipalId("anonymous")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.denyStatement(methodArn)))
                        .build())
                .build();
    }

    private void prime() {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:api/stage/$connect");
        event.setQueryStringParameters(Map.of(TOKEN_PARAMETER, "e30.e30.e30"));
        handleRequest(event, null);
    }
}
