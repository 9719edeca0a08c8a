package dev.streamgate.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.core.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address other components use to reach this core instance (written as the owner of its streams):
 * {@code SG_ADVERTISED_URL} when set; on ECS the task's private IP from the container metadata endpoint
 * ({@code ECS_CONTAINER_METADATA_URI_V4}, first IPv4 address of the first network, as {@code awsvpc} tasks on Fargate
 * report it); otherwise {@code http://127.0.0.1:<port>}.
 *
 * <p>The metadata endpoint is read up to {@value #ATTEMPTS} times, a quarter of a second apart, in case the agent
 * answers late at task start. When it still gives no address the core starts anyway with the loopback address and a
 * warning: streams then work on this instance but {@code cancel} and {@code resume} cannot reach it from elsewhere.
 */
final class OwnerAddress {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerAddress.class);
    static final int ATTEMPTS = 3;

    private OwnerAddress() {
    }

    static String resolve(CoreConfig config, int port) {
        if (!config.advertisedUrl().isEmpty()) {
            return config.advertisedUrl();
        }
        if (!config.ecsMetadataUri().isEmpty()) {
            String ip = taskIp(config.ecsMetadataUri());
            if (ip != null) {
                return "http://" + ip + ":" + port;
            }
        }
        return "http://127.0.0.1:" + port;
    }

    /** The task's IPv4 address from the container metadata, or null (logged once) when there is none. */
    private static String taskIp(String metadataUri) {
        String problem = null;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(metadataUri))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode ip = Json.MAPPER.readTree(r.body()).path("Networks").path(0).path("IPv4Addresses").path(0);
                    if (ip.isTextual() && !ip.asText().isBlank()) {
                        return ip.asText();
                    }
                    // a well-formed answer without an address will not grow one on a retry
                    LOG.warn("ECS container metadata has no IPv4 address (Networks[0].IPv4Addresses[0]); "
                            + "owner address falls back to loopback, set SG_ADVERTISED_URL");
                    return null;
                }
                problem = "HTTP " + r.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (attempt < ATTEMPTS && !pause()) {
                return null;
            }
        }
        LOG.warn("ECS container metadata unreadable after {} attempts ({}); owner address falls back to loopback, "
                + "set SG_ADVERTISED_URL", ATTEMPTS, problem);
        return null;
    }

    private static boolean pause() {
        try {
            Thread.sleep(250);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
