package dev.streamgate.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.auth.JwtConfig;
import dev.streamgate.auth.TokenIssuer;
import dev.streamgate.handlers.internal.MalformedEventException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectAuthorizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/$connect";

    private final ConnectAuthorizer authorizer = new ConnectAuthorizer(Map.of());
    private final TokenIssuer issuer = TokenIssuer.forConfig(JwtConfig.fromEnvironment(Map.of()));

    private static APIGatewayCustomAuthorizerEvent event(String name, String token) {
        return EventFixtures.load(name, APIGatewayCustomAuthorizerEvent.class, Map.of("TOKEN", token));
    }

    /** The effect of the single statement, read from the JSON API Gateway receives; checks it covers the method ARN. */
    private static String effect(IamPolicyResponseV1 response) {
        JsonNode statements = policy(response).path("policyDocument").path("Statement");
        assertThat(statements.size()).isEqualTo(1);
        assertThat(statements.get(0).path("Resource").toString()).contains(METHOD_ARN);
        return statements.get(0).path("Effect").asText();
    }

    private static JsonNode policy(IamPolicyResponseV1 response) {
        try {
            return JSON.readTree(EventFixtures.toJson(response, IamPolicyResponseV1.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void tokenInQueryString_isAllowedWithTheUserIdInTheContext() {
        IamPolicyResponseV1 response = authorizer.handleRequest(event("authorizer-query-token", issuer.issue("alice")), null);

        assertThat(effect(response)).isEqualTo("Allow");
        assertThat(response.getPrincipalId()).isEqualTo("alice");
        assertThat(response.getContext()).containsEntry("userId", "alice");
    }

    @Test
    void tokenInSecWebSocketProtocol_isAllowed() {
        IamPolicyResponseV1 response = authorizer.handleRequest(event("authorizer-subprotocol-token", issuer.issue("bob")), null);

        assertThat(effect(response)).isEqualTo("Allow");
        assertThat(response.getContext()).containsEntry("userId", "bob");
    }

    @Test
    void allowPolicy_serializesAsApiGatewayExpectsIt() {
        IamPolicyResponseV1 response = authorizer.handleRequest(event("authorizer-query-token", issuer.issue("alice")), null);

        String json = EventFixtures.toJson(response, IamPolicyResponseV1.class);

        assertThat(json).contains("\"principalId\":\"alice\"", "\"Version\":\"2012-10-17\"", "\"Statement\"", "\"Effect\":\"Allow\"",
                "\"Action\":\"execute-api:Invoke\"", "\"userId\":\"alice\"");
    }

    @Test
    void noToken_isDenied() {
        IamPolicyResponseV1 response = authorizer.handleRequest(event("authorizer-no-token", ""), null);

        assertThat(effect(response)).isEqualTo("Deny");
        assertThat(response.getContext()).isNullOrEmpty();
    }

    @Test
    void garbageToken_isDenied() {
        assertThat(effect(authorizer.handleRequest(event("authorizer-garbage-token", ""), null))).isEqualTo("Deny");
    }

    @Test
    void expiredToken_isDenied() {
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        TokenIssuer past = TokenIssuer.forConfig(JwtConfig.fromEnvironment(Map.of()).toBuilder().clock(twoDaysAgo).build());

        assertThat(effect(authorizer.handleRequest(event("authorizer-query-token", past.issue("alice")), null))).isEqualTo("Deny");
    }

    @Test
    void tokenSignedWithAnotherSecret_isDenied() {
        TokenIssuer forger = TokenIssuer.forConfig(JwtConfig.fromEnvironment(
                Map.of("SG_JWT_SECRET", "some-other-secret-that-is-long-enough-0123456789")));

        assertThat(effect(authorizer.handleRequest(event("authorizer-query-token", forger.issue("mallory")), null)))
                .isEqualTo("Deny");
    }

    @Test
    void anyFailureInside_failsClosed() {
        assertThat(policy(authorizer.handleRequest(new APIGatewayCustomAuthorizerEvent(), null)).toString()).contains("\"Deny\"");
        assertThat(policy(authorizer.handleRequest(null, null)).toString()).contains("\"Deny\"");
    }

    /** The stream entry (the one the Lambda runtime calls) on a fixture's raw JSON; returns the policy JSON. */
    private JsonNode viaStream(String name, String token) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        authorizer.handleRequest(new ByteArrayInputStream(EventFixtures.json(name, Map.of("TOKEN", token)).getBytes(StandardCharsets.UTF_8)),
                out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void streamEntry_writesThePolicyTheTypedEntryReturns() throws IOException {
        String token = issuer.issue("alice");
        JsonNode typed = policy(authorizer.handleRequest(event("authorizer-query-token", token), null));
        JsonNode streamed = viaStream("authorizer-query-token", token);

        assertThat(streamed.path("principalId").asText()).isEqualTo("alice");
        assertThat(streamed.path("policyDocument")).isEqualTo(typed.path("policyDocument"));
        assertThat(streamed.path("context")).isEqualTo(typed.path("context"));
        assertThat(streamed.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
    }

    @Test
    void streamEntry_subprotocolTokenIsAllowed_missingOrBadTokensAreDenied() throws IOException {
        assertThat(viaStream("authorizer-subprotocol-token", issuer.issue("bob")).path("context").path("userId").asText()).isEqualTo("bob");
        for (String fixture : new String[] {"authorizer-no-token", "authorizer-garbage-token"}) {
            JsonNode policy = viaStream(fixture, "");
            assertThat(policy.path("policyDocument").path("Statement").get(0).path("Effect").asText()).as(fixture).isEqualTo("Deny");
            assertThat(policy.has("context")).isFalse();
        }
    }

    @Test
    void streamEntry_malformedEvent_failsTheInvocation() {
        assertThatThrownBy(() -> authorizer.handleRequest(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).isInstanceOf(MalformedEventException.class);
    }
}
