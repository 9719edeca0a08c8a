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
 * set lacks (key rotation), but at most once per minimum interval so unknown ids cannot trigger a fetch storm.
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
     * none match and the last fetch is older than the minimum interval. May return an empty list.
     */
    public synchronized List<JWK> candidates(String kid) {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(fetchedAt.plus(ttl))) {
            fetch(now);
        }
        List<JWK> keys = match(kid);
        if (keys.isEmpty() && !now.isBefore(fetchedAt.plus(minRefetchInterval))) {
            LOG.debug("jwks refetch reason=unknown_kid kid={}", kid);
            fetch(now);
            keys = match(kid);
        }
        return keys;
    }

    private List<JWK> match(String kid) {
        return cached.getKeys().stream()
                .filter(key -> kid == null || kid.equals(key.getKeyID()))
                .filter(key -> key.getKeyUse() == null || "sig".equals(key.getKeyUse().identifier()))
                .toList();
    }

    private void fetch(Instant now) {
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
            cached = JWKSet.parse(body).toPublicJWKSet();
        } catch (ParseException e) {
            throw new KeySetUnavailableException("The document at " + url + " is not a JWK set (" + e.getMessage()
                    + "); SG_JWT_JWKS_URL must point at the jwks.json, not the issuer.", e);
        }
        fetchedAt = now;
        LOG.info("jwks fetched url={} keys={}", url, cached.getKeys().size());
    }
}
