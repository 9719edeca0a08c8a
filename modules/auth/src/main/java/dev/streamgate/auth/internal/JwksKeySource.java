package dev.streamgate.auth.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.streamgate.auth.KeySetUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cached JWK set fetched over HTTP: refetched when the cache expires, and when a token names a key id the cached
 * set lacks (key rotation), but at most once per minimum interval so unknown ids cannot trigger a fetch storm. When a
 * refresh fails the previous set stays in use, so a JWKS outage does not lock out users with valid tokens.
 */
public final class JwksKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
    /** Refuse absurd responses: real JWK sets are a few kilobytes. */
    private static final int MAX_BODY_CHARS = 512 * 1024;

    private final URI url;
    private final Duration ttl;
    private final Duration minRefetchInterval;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    private JWKSet cached;
    private Instant fetchedAt = Instant.MIN;
    private Instant lastAttemptAt = Instant.MIN;
    private KeySetUnavailableException lastFailure;

    /** Creates a source; nothing is fetched until the first token arrives. */
    public JwksKeySource(URI url, Duration ttl, Duration minRefetchInterval, Duration timeout, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.ttl = ttl;
        this.minRefetchInterval = minRefetchInterval;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The keys that may have signed a token with this key id (every key if {@code kid} is null); refetches once if
     * none match and the last attempt is older than the minimum interval. May return an empty list.
     *
     * @throws KeySetUnavailableException if no key set was ever fetched and fetching fails now
     */
    public synchronized List<JWK> candidates(String kid) {
        Instant now = clock.instant();
        boolean mayAttempt = !now.isBefore(lastAttemptAt.plus(minRefetchInterval));
        if (cached == null) {
            if (!mayAttempt && lastFailure != null) {
                throw new KeySetUnavailableException(lastFailure.getMessage() + " (not retried for "
                        + minRefetchInterval.toSeconds() + " s)", lastFailure);
            }
            refresh(now);
        } else if (!now.isBefore(fetchedAt.plus(ttl)) && mayAttempt) {
            refresh(now);
        }
        List<JWK> keys = match(kid);
        if (keys.isEmpty() && !now.isBefore(lastAttemptAt.plus(minRefetchInterval))) {
            LOG.debug("jwks refetch reason=unknown_kid kid={}", kid);
            refresh(now);
            keys = match(kid);
        }
        return keys;
    }

    /** Fetches the set; on failure keeps serving the previous set if there is one (an IdP outage is not ours). */
    private void refresh(Instant now) {
        lastAttemptAt = now;
        try {
            cached = fetch();
            fetchedAt = now;
            lastFailure = null;
            LOG.info("jwks fetched url={} keys={}", url, cached.getKeys().size());
        } catch (KeySetUnavailableException e) {
            lastFailure = e;
            if (cached == null) {
                throw e;
            }
            LOG.warn("jwks refresh failed, keeping cached keys url={} keys={} problem={}", url, cached.getKeys().size(),
                    e.getMessage());
        }
    }

    private List<JWK> match(String kid) {
        return cached.getKeys().stream()
                .filter(key -> kid == null || kid.equals(key.getKeyID()))
                .filter(key -> key.getKeyUse() == null || "sig".equals(key.getKeyUse().identifier()))
                .toList();
    }

    private JWKSet fetch() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
        String body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new KeySetUnavailableException("The JWK set at " + url + " answered HTTP " + response.statusCode()
                        + "; check SG_JWT_JWKS_URL.", null);
            }
            body = response.body();
        } catch (IOException e) {
            throw new KeySetUnavailableException("Could not fetch the JWK set at " + url + " (" + e
                    + "); check SG_JWT_JWKS_URL and the network path to it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySetUnavailableException("Interrupted while fetching the JWK set at " + url + ".", e);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new KeySetUnavailableException("The JWK set at " + url + " is over " + MAX_BODY_CHARS
                    + " characters; that is not a JWK set.", null);
        }
        try {
            return JWKSet.parse(body).toPublicJWKSet();
        } catch (ParseException e) {
            throw new KeySetUnavailableException("The document at " + url + " is not a JWK set (" + e.getMessage()
                    + "); SG_JWT_JWKS_URL must point at the jwks.json, not the issuer.", e);
        }
    }
}
