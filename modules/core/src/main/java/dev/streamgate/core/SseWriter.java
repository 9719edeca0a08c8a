package dev.streamgate.core;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing: turns an event (type, optional id, data) or a comment into the exact bytes
 * of the {@code text/event-stream} format, and nothing else.
 *
 * <p>Framing lives apart from connection handling so it can be pinned to the byte in tests. Field values
 * that could break the framing are neutralised: CR, LF and NUL are removed from {@code event} and
 * {@code id} (a line break there would let data inject fields; a NUL makes browsers ignore the id), and
 * each line of the data becomes its own {@code data:} line, so no text can end an event early.
 */
public final class SseWriter {

    private SseWriter() {
    }

    /**
     * Frames one event.
     *
     * @param type the {@code event:} field, or {@code null} for none
     * @param id the {@code id:} field, or {@code null} for none
     * @param data the payload; every line (split at CRLF, CR or LF) becomes one {@code data:} line
     * @return the UTF-8 bytes of the event, ending with the blank line that dispatches it
     */
    public static byte[] event(String type, String id, String data) {
        return eventText(type, id, data).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Frames one event whose data is already UTF-8 (a serialized server event): the bytes are copied once into
     * the frame, with no decoding and re-encoding. Data holding CR or LF is framed line by line as in
     * {@link #event(String, String, String)}, with the same result.
     *
     * @param type the {@code event:} field, or {@code null} for none
     * @param id the {@code id:} field, or {@code null} for none
     * @param utf8Data the payload in UTF-8
     * @return the UTF-8 bytes of the event, ending with the blank line that dispatches it
     */
    public static byte[] event(String type, String id, byte[] utf8Data) {
        for (byte b : utf8Data) {
            if (b == '\n' || b == '\r') { // in UTF-8 these bytes are never part of another character
                return event(type, id, new String(utf8Data, StandardCharsets.UTF_8));
            }
        }
        byte[] headBytes = fields(new StringBuilder(48), type, id).append("data: ").toString()
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[headBytes.length + utf8Data.length + 2];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(utf8Data, 0, out, headBytes.length, utf8Data.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Frames one event as text; see {@link #event(String, String, String)}. */
    public static String eventText(String type, String id, String data) {
        StringBuilder out = fields(new StringBuilder(data.length() + 48), type, id);
        int start = 0;
        int length = data.length();
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < length && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, length).append('\n');
        out.append('\n');
        return out.toString();
    }

    /** Appends the {@code event:} and {@code id:} lines, each present only when its value is. */
    private static StringBuilder fields(StringBuilder out, String type, String id) {
        if (type != null) {
            out.append("event: ").append(singleLine(type)).append('\n');
        }
        if (id != null) {
            out.append("id: ").append(singleLine(id)).append('\n');
        }
        return out;
    }

    /**
     * Frames a comment line, which clients ignore; used as a heartbeat to keep proxies and load balancers
     * from closing an idle response.
     */
    public static byte[] comment(String text) {
        return (":" + (text.isEmpty() ? "" : " " + singleLine(text)) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String singleLine(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                if (out == null) {
                    out = new StringBuilder(value.length()).append(value, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }
}
