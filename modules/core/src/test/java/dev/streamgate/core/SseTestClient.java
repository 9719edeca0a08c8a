package dev.streamgate.core;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP client reading an SSE response into a queue of parsed events (comments included). */
final class SseTestClient implements AutoCloseable {

    /** One SSE dispatch: a comment has {@code comment} set and nothing else. */
    record Event(String event, String id, String data, String comment) {
        boolean isComment() {
            return comment != null;
        }
    }

    static final Event END = new Event(null, null, null, "<end of stream>");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final HttpResponse<InputStream> response;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.body = response.body();
        Thread.ofVirtual().start(this::read);
    }

    static SseTestClient post(URI base, String json, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/chat/stream"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return new SseTestClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    static HttpResponse<String> postForString(URI base, String contentType, String json, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/chat/stream"))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        events.add(new Event(event, id, data == null ? null : data.toString(), null));
                    }
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1).trim()));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the test closed the stream or the server dropped it; END tells the reader
        } finally {
            events.add(END);
        }
    }

    /** The next event or comment, failing if none arrives within the deadline. */
    Event next(Duration deadline) throws InterruptedException {
        Event e = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within " + deadline);
        }
        return e;
    }

    /** The next event that is not a comment. */
    Event nextEvent(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (!e.isComment() || e == END) {
                return e;
            }
        }
    }

    /** Every event up to and including the end of the response. */
    List<Event> readToEnd(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<Event> all = new ArrayList<>();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (e == END) {
                return all;
            }
            all.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
