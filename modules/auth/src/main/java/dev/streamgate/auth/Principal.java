package dev.streamgate.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verified caller behind a token: who it is and a few non-sensitive claims.
 *
 * @param userId the token's {@code sub}
 * @param issuer the token's {@code iss}
 * @param expiresAt the token's {@code exp}
 * @param scopes the space-separated {@code scope} (or {@code scp}) claim, split; empty if absent
 */
public record Principal(String userId, String issuer, Instant expiresAt, List<String> scopes) {
    /** Context key for the user id, as the WebSocket authorizer stores it. */
    public static final String CONTEXT_USER_ID = "userId";
    /** Context key for the issuer. */
    public static final String CONTEXT_ISSUER = "issuer";
    /** Context key for the expiry (epoch seconds). */
    public static final String CONTEXT_EXPIRES_AT = "expiresAt";
    /** Context key for the scopes (space separated). */
    public static final String CONTEXT_SCOPES = "scopes";

    /** Rejects nulls and copies the scopes. */
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = List.copyOf(scopes);
    }

    /** The principal as flat string pairs, the shape an API Gateway Lambda authorizer context needs. */
    public Map<String, String> toAuthorizerContext() {
        Map<String, String> context = new HashMap<>();
        context.put(CONTEXT_USER_ID, userId);
        context.put(CONTEXT_ISSUER, issuer);
        context.put(CONTEXT_EXPIRES_AT, Long.toString(expiresAt.getEpochSecond()));
        context.put(CONTEXT_SCOPES, String.join(" ", scopes));
        return Map.copyOf(context);
    }

    /**
     * Rebuilds a principal from an authorizer context written by {@link #toAuthorizerContext()} (as seen in
     * {@code requestContext.authorizer} of later route events; values may arrive as strings or numbers).
     */
    public static Principal fromAuthorizerContext(Map<String, ?> context) {
        Object userId = context.get(CONTEXT_USER_ID);
        if (userId == null) {
            throw new IllegalArgumentException("authorizer context has no '" + CONTEXT_USER_ID
                    + "': was the route called without the $connect authorizer?");
        }
        Object issuer = context.get(CONTEXT_ISSUER);
        Object expiresAt = context.get(CONTEXT_EXPIRES_AT);
        Object scopes = context.get(CONTEXT_SCOPES);
        String scopeText = scopes == null ? "" : scopes.toString().trim();
        return new Principal(userId.toString(), issuer == null ? "" : issuer.toString(),
                Instant.ofEpochSecond(epochSeconds(expiresAt)),
                scopeText.isEmpty() ? List.of() : List.of(scopeText.split("\\s+")));
    }

    private static long epochSeconds(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return new java.math.BigDecimal(value.toString().trim()).longValue();
    }
}
