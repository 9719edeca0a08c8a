package dev.streamgate.core;

import dev.streamgate.protocol.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Common part of engines that relay an upstream HTTP SSE response: sends the request with the JDK
 * {@link HttpClient}, maps refusals to typed errors, reads the events on a virtual thread and ends the stream
 * with a {@code timeout} error when the upstream stays silent longer than the idle timeout.
 */
abstract class HttpStreamingEngine implements ChatEngine {

    private static final Logger LOG = LoggerFactory.getLogger(HttpStreamingEngine.class);
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final HttpClient http;
    private final Duration idleTimeout;
    private final String name;

    HttpStreamingEngine(String name, HttpClient http, Duration idleTimeout) {
        this.name = name;
        this.http = http;
        this.idleTimeout = idleTimeout;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("upstream-watchdog").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The request to send for this chat. */
    abstract HttpRequest request(ChatRequest chat);

    /** Handles one upstream event; returns {@code false} once the answer is finished (output already told). */
    abstract boolean onEvent(SseLineParser.UpstreamEvent event, EngineOutput output);

    /** The upstream closed the response; tell the output how the answer ended. */
    abstract void onEnd(EngineOutput output);

    @Override
    public EngineRun start(ChatRequest chat, EngineOutput output) {
        Relay relay = new Relay(chat, output);
        relay.thread = Thread.ofVirtual().name(name + "-" + chat.streamId()).start(relay::run);
        return relay::cancel;
    }

    private final class Relay {
        private final ChatRequest chat;
        private final EngineOutput output;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile Thread thread;
        private volatile InputStream body;

        Relay(ChatRequest chat, EngineOutput output) {
            this.chat = chat;
            this.output = output;
        }

        void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                closeBody();
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
        }

        private void closeBody() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.debug("closing upstream body failed: {}", e.toString());
                }
            }
        }

        void run() {
            try {
                HttpResponse<InputStream> response = http.send(request(chat), HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (cancelled.get()) {
                    closeBody();
                    return;
                }
                int status = response.statusCode();
                if (status / 100 != 2) {
                    closeBody();
                    fail(refusal(status));
                    return;
                }
                read(response.body());
            } catch (HttpTimeoutException e) {
                fail(new EngineException(ErrorCode.TIMEOUT, "The " + name + " upstream did not answer within "
                        + idleTimeout.toMillis() + " ms.", true));
            } catch (ConnectException e) {
                fail(new EngineException(ErrorCode.UNAVAILABLE, "The " + name + " upstream cannot be reached.", true));
            } catch (IOException e) {
                if (timedOut.get()) {
                    fail(new EngineException(ErrorCode.TIMEOUT, "The " + name + " upstream sent nothing for "
                            + idleTimeout.toMillis() + " ms.", true));
                } else if (!cancelled.get()) {
                    fail(new EngineException(ErrorCode.ENGINE_ERROR, "The connection to the " + name + " upstream broke.", true));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void read(InputStream in) throws IOException {
            SseLineParser parser = new SseLineParser();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (true) {
                    // the idle clock runs only while waiting on the upstream, not while the consumer holds us back
                    ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::idle, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
                    String line;
                    try {
                        line = reader.readLine();
                    } finally {
                        watchdog.cancel(false);
                    }
                    if (timedOut.get()) {
                        throw new IOException("idle timeout");
                    }
                    if (line == null) {
                        SseLineParser.UpstreamEvent last = parser.end();
                        if (last != null && !onEvent(last, output)) {
                            return;
                        }
                        if (!cancelled.get()) {
                            onEnd(output);
                        }
                        return;
                    }
                    SseLineParser.UpstreamEvent event = parser.line(line);
                    if (event != null && (!onEvent(event, output) || cancelled.get())) {
                        return;
                    }
                }
            }
        }

        private void idle() {
            timedOut.set(true);
            LOG.info("upstream idle timeout engine={} streamId={} idleMs={}", name, chat.streamId(), idleTimeout.toMillis());
            closeBody();
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        private void fail(EngineException e) {
            if (!cancelled.get()) {
                output.failed(e);
            }
        }
    }

    private EngineException refusal(int status) {
        if (status == 401 || status == 403) {
            return new EngineException(ErrorCode.ENGINE_ERROR, "The " + name + " upstream refused the core's credentials (HTTP "
                    + status + "); the operator must fix its API key.", false);
        }
        if (status == 429) {
            return new EngineException(ErrorCode.RATE_LIMITED, "The " + name + " upstream is rate limiting (HTTP 429); retry later.",
                    true);
        }
        return new EngineException(ErrorCode.ENGINE_ERROR, "The " + name + " upstream answered HTTP " + status + ".",
                status >= 500);
    }
}
