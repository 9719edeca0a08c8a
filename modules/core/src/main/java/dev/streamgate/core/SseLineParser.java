package dev.streamgate.core;

/**
 * Incremental parser of an upstream {@code text/event-stream}: fed one line at a time, it reports each
 * complete event (its {@code event} type and joined {@code data}). Comments and unknown fields are skipped,
 * as the SSE specification says.
 */
final class SseLineParser {

    /** One parsed upstream event; {@code type} is {@code message} when the upstream sent none. */
    record UpstreamEvent(String type, String data) {
    }

    private String type;
    private StringBuilder data;

    /** Feeds one line (without its line break); returns the event it completes, or {@code null}. */
    UpstreamEvent line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        } else if (field.equals("event")) {
            type = value;
        }
        return null;
    }

    /** Reports an event still open when the upstream closed without a final blank line. */
    UpstreamEvent end() {
        return dispatch();
    }

    private UpstreamEvent dispatch() {
        UpstreamEvent event = data == null ? null : new UpstreamEvent(type == null || type.isEmpty() ? "message" : type,
                data.toString());
        type = null;
        data = null;
        return event;
    }
}
