package dev.streamgate.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An SSE client for {@code POST /api/chat/stream}: a bearer token, a JSON body, each event's {@code data:} parsed
 * into an {@link Event} and queued; {@link #finished()} completes when the response ends.
 */
public final class SseClient implements AutoCloseable {

    // HTTP/1.1: the JDK client's default h2c upgrade attempt on a POST with a body stalls Grizzly (500 after 30 s)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final EventQueue events = new EventQueue();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final int status;
    private final InputStream body;

    private SseClient(int status, InputStream body) {
        this.status = status;
        this.body = body;
    }

    /**
     * Posts {@code jsonBody} and starts reading events.
     *
     * @throws IllegalStateException when the request cannot be sent at all
     */
    public static SseClient post(String sseUrl, String token, String jsonBody) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sseUrl))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + sseUrl + " failed: is the core running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        SseClient client = new SseClient(response.statusCode(), response.body());
        Thread.ofVirtual().name("sse-reader").start(client::read);
        return client;
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(Event.parse(data.toString(), System.nanoTime()));
                        data.setLength(0);
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
                // "event:", "id:" and ":" comment lines carry nothing the JSON does not
            }
            if (!data.isEmpty()) {
                events.add(Event.parse(data.toString(), System.nanoTime()));
            }
            finished.complete(null);
        } catch (IOException e) {
            finished.completeExceptionally(e);
        }
    }

    /** The HTTP status of the response. */
    public int status() {
        return status;
    }

    /** Events received so far and to come. */
    public EventQueue events() {
        return events;
    }

    /** Completes when the server ends the response. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    /** Disconnects. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is best-effort: the connection is going away either way
        }
    }
}
