package dev.streamgate.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.core.internal.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address other components use to reach this core instance (written as the owner of its streams):
 * {@code SG_ADVERTISED_URL} when set; on ECS the task's private IP from the task metadata endpoint
 * ({@code ECS_CONTAINER_METADATA_URI_V4}); otherwise {@code http://127.0.0.1:<port>}.
 */
final class OwnerAddress {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerAddress.class);

    private OwnerAddress() {
    }

    static String resolve(CoreConfig config, int port) {
        if (!config.advertisedUrl().isEmpty()) {
            return config.advertisedUrl();
        }
        if (!config.ecsMetadataUri().isEmpty()) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(config.ecsMetadataUri()))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode ip = Json.MAPPER.readTree(r.body()).path("Networks").path(0).path("IPv4Addresses").path(0);
                if (ip.isTextual()) {
                    return "http://" + ip.asText() + ":" + port;
                }
                LOG.warn("ECS task metadata has no IPv4 address; set SG_ADVERTISED_URL");
            } catch (java.io.IOException e) {
                LOG.warn("ECS task metadata unreadable ({}); set SG_ADVERTISED_URL", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "http://127.0.0.1:" + port;
    }
}
