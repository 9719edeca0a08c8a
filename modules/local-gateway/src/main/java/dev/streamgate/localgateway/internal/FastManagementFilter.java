package dev.streamgate.localgateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;

/**
 * The {@code @connections} calls SDKs and the CLI send, read and answered in front of Grizzly's HTTP codec: a
 * keep-alive HTTP/1.1 {@code POST}, {@code GET} or {@code DELETE} to {@code /STAGE/@connections/...} with a
 * {@code Content-Length} body (or none), whole in the bytes read so far. Such a call costs a read, the checks and the
 * push, and one write of a prebuilt answer; through Grizzly's HTTP server it also cost a request, response, filter
 * chain pass and output buffer flush, about half of the gateway's CPU per POST.
 *
 * <p>Everything else goes on to the codec unchanged, always at a request boundary: WebSocket upgrades, other paths,
 * chunked bodies, {@code Connection: close}, HTTP/1.0, obsolete line folding, repeated headers, bodies over the
 * message limit, and every call while a scripted management latency is set. A connection on which the codec answered
 * a management call stays with it (it may still owe an answer, and answers go out in order). What is answered is
 * the same either way ({@link ManagementCalls}). A call arriving in pieces is kept here until whole, and gets
 * {@code 100 Continue} when it asked for it.
 */
final class FastManagementFilter extends BaseFilter implements AddOn {

    private static final Attribute<Object> CODEC_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    // bytes of a call not yet whole (only while one is arriving)
    private static final Attribute<Partial> PARTIAL =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FastManagementFilter.class.getName() + ".partial");
    private static final int MAX_HEAD = 8192;
    private static final byte[] HTTP11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final int NOT_MINE = -1;
    private static final int INCOMPLETE = -2;
    private static final int INCOMPLETE_CONTINUED = -3;

    private final GatewayRuntime runtime;
    private final ManagementCalls calls;
    private final byte[] prefix;

    FastManagementFilter(GatewayRuntime runtime, ManagementCalls calls) {
        this.runtime = runtime;
        this.calls = calls;
        this.prefix = calls.prefix().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the Grizzly filter chain");
        }
        builder.add(codec, this);
    }

    /** The bytes of a call that has not fully arrived. */
    private static final class Partial {
        byte[] bytes;
        int length;
        // 100 Continue went out for the call starting at this offset (-1: none)
        int continuedAt = -1;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (CODEC_REQUEST.isSet(connection) || SettledConnectionsIOStrategy.ownedByHttpServer(connection)
                || !runtime.managementLatency().isZero()) {
            return ctx.getInvokeAction();
        }
        Buffer buffer = ctx.getMessage();
        Partial partial = PARTIAL.get(connection);
        byte[] bytes;
        int from;
        int to;
        if (partial != null) {
            int n = buffer.remaining();
            if (partial.length + n > partial.bytes.length) {
                partial.bytes = Arrays.copyOf(partial.bytes, Math.max(partial.length + n, 2 * partial.bytes.length));
            }
            buffer.get(partial.bytes, partial.length, n);
            partial.length += n;
            buffer.tryDispose();
            bytes = partial.bytes;
            from = 0;
            to = partial.length;
        } else if (buffer.hasArray()) {
            bytes = buffer.array();
            from = buffer.arrayOffset() + buffer.position();
            to = buffer.arrayOffset() + buffer.limit();
        } else {
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            buffer.tryDispose();
            from = 0;
            to = bytes.length;
        }
        int at = from;
        int result = 0;
        while (at < to) {
            result = handle(connection, bytes, at, to, partial);
            if (result < 0) {
                break;
            }
            at = result;
        }
        if (at == to) {
            PARTIAL.remove(connection);
            if (partial == null) {
                buffer.tryDispose();
            }
            return ctx.getStopAction();
        }
        if (result == INCOMPLETE || result == INCOMPLETE_CONTINUED) {
            // keep the start of the call until the rest arrives
            boolean continued = result == INCOMPLETE_CONTINUED || partial != null && partial.continuedAt == at;
            Partial kept = partial != null ? partial : new Partial();
            if (partial == null || at > from) {
                kept.bytes = Arrays.copyOfRange(bytes, at, Math.max(to, at + 4096));
                kept.length = to - at;
            }
            kept.continuedAt = continued ? 0 : -1;
            PARTIAL.set(connection, kept);
            if (partial == null) {
                buffer.tryDispose();
            }
            return ctx.getStopAction();
        }
        // the codec takes it from this request boundary on
        PARTIAL.remove(connection);
        if (partial != null || !buffer.hasArray()) {
            ctx.setMessage(Buffers.wrap(connection.getMemoryManager(), Arrays.copyOfRange(bytes, at, to)));
        } else {
            buffer.position(at - buffer.arrayOffset());
        }
        if (startsWith(bytes, at, to, prefix, indexOf(bytes, at, to, (byte) ' ') + 1)) {
            // a management call Grizzly answers: so are the next ones on this connection, in order
            SettledConnectionsIOStrategy.settleForHttpServer(connection);
        }
        return ctx.getInvokeAction();
    }

    /**
     * Handles one whole call at {@code from}: returns where the next begins, {@link #INCOMPLETE} when more bytes are
     * needed ({@link #INCOMPLETE_CONTINUED} when it just answered {@code 100 Continue}), or {@link #NOT_MINE} when
     * the codec must take it.
     */
    private int handle(Connection<?> connection, byte[] b, int from, int to, Partial partial) throws IOException {
        // request line: METHOD SP /STAGE/@connections/ID[?query] SP HTTP/1.1 CRLF
        int space = indexOf(b, from, Math.min(to, from + 8), (byte) ' ');
        if (space < 0) {
            return to - from < 8 ? INCOMPLETE : NOT_MINE;
        }
        String method = method(b, from, space);
        if (method == null) {
            return NOT_MINE;
        }
        int target = space + 1;
        if (!startsWith(b, target, to, prefix, target)) {
            return to - target < prefix.length && startsWith(b, target, to, Arrays.copyOf(prefix, to - target), target)
                    ? INCOMPLETE : NOT_MINE;
        }
        int pathEnd = -1;
        int targetEnd = -1;
        for (int i = target; i < to && i < from + MAX_HEAD; i++) {
            byte c = b[i];
            if (c == ' ') {
                targetEnd = i;
                break;
            }
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return NOT_MINE;
            }
            if (c == '?' && pathEnd < 0) {
                pathEnd = i;
            }
        }
        if (targetEnd < 0) {
            return to - from < MAX_HEAD ? INCOMPLETE : NOT_MINE;
        }
        if (pathEnd < 0) {
            pathEnd = targetEnd;
        }
        if (to - targetEnd < HTTP11.length) {
            return startsWith(b, targetEnd, to, Arrays.copyOf(HTTP11, to - targetEnd), targetEnd) ? INCOMPLETE
                    : NOT_MINE;
        }
        if (!startsWith(b, targetEnd, to, HTTP11, targetEnd)) {
            return NOT_MINE;
        }
        // headers, up to the empty line
        int line = targetEnd + HTTP11.length;
        long contentLength = -1;
        CharSequence authorization = null;
        boolean host = false;
        boolean expectContinue = false;
        while (true) {
            if (line - from > MAX_HEAD) {
                return NOT_MINE;
            }
            int lf = indexOf(b, line, Math.min(to, from + MAX_HEAD + 2), (byte) '\n');
            if (lf < 0) {
                return to - from < MAX_HEAD ? INCOMPLETE : NOT_MINE;
            }
            if (lf == line || b[lf - 1] != '\r') {
                return NOT_MINE;
            }
            int end = lf - 1;
            if (end == line) {
                line = lf + 1;
                break;
            }
            int colon = indexOf(b, line, end, (byte) ':');
            if (colon <= line || b[line] == ' ' || b[line] == '\t') {
                return NOT_MINE;
            }
            int valueStart = colon + 1;
            while (valueStart < end && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
                valueStart++;
            }
            int valueEnd = end;
            while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            for (int i = line; i < end; i++) {
                if (b[i] < 0x20 && b[i] != '\t' || b[i] >= 0x7f) {
                    return NOT_MINE;
                }
            }
            if (nameIs(b, line, colon, "content-length")) {
                if (contentLength >= 0 || valueEnd == valueStart || valueEnd - valueStart > 9) {
                    return NOT_MINE;
                }
                contentLength = 0;
                for (int i = valueStart; i < valueEnd; i++) {
                    if (b[i] < '0' || b[i] > '9') {
                        return NOT_MINE;
                    }
                    contentLength = contentLength * 10 + (b[i] - '0');
                }
            } else if (nameIs(b, line, colon, "authorization")) {
                if (authorization != null) {
                    return NOT_MINE;
                }
                authorization = new Latin1View(b, valueStart, valueEnd); // read during this call only
            } else if (nameIs(b, line, colon, "host")) {
                host = true;
            } else if (nameIs(b, line, colon, "expect")) {
                if (!valueIs(b, valueStart, valueEnd, "100-continue")) {
                    return NOT_MINE;
                }
                expectContinue = true;
            } else if (nameIs(b, line, colon, "connection")) {
                if (!valueIs(b, valueStart, valueEnd, "keep-alive")) {
                    return NOT_MINE;
                }
            } else if (nameIs(b, line, colon, "transfer-encoding") || nameIs(b, line, colon, "upgrade")) {
                return NOT_MINE;
            }
            line = lf + 1;
        }
        if (!host || contentLength > runtime.settings().limits().messageBytes()) {
            return NOT_MINE;
        }
        int bodyLength = (int) Math.max(0, contentLength);
        if (to - line < bodyLength) {
            if (expectContinue && (partial == null || partial.continuedAt != from)) {
                DirectWrites.write(connection, CONTINUE, null);
                return INCOMPLETE_CONTINUED;
            }
            return INCOMPLETE;
        }
        SettledConnectionsIOStrategy.settle(connection);
        java.time.Instant receivedAt = calls.receivedAt();
        String path = new String(b, target, pathEnd - target, StandardCharsets.ISO_8859_1);
        byte[] body = method.equals("POST") ? Arrays.copyOfRange(b, line, line + bodyLength) : EMPTY;
        ManagementCalls.Answer answer = calls.check(method, path, authorization, body, receivedAt);
        if (answer == null) {
            answer = calls.call(new ManagementCalls.Call(method, calls.connectionId(path), body, receivedAt));
        }
        DirectWrites.write(connection, encode(answer), null);
        return line + bodyLength;
    }

    private static String method(byte[] b, int from, int space) {
        int n = space - from;
        if (n == 4 && b[from] == 'P' && b[from + 1] == 'O' && b[from + 2] == 'S' && b[from + 3] == 'T') {
            return "POST";
        }
        if (n == 3 && b[from] == 'G' && b[from + 1] == 'E' && b[from + 2] == 'T') {
            return "GET";
        }
        if (n == 6 && new String(b, from, 6, StandardCharsets.US_ASCII).equals("DELETE")) {
            return "DELETE";
        }
        return null;
    }

    private static final byte[] HTTP_11 = ascii("HTTP/1.1 ");
    private static final byte[] REQUEST_ID = ascii("\r\nx-amzn-RequestId: ");
    private static final byte[] ERROR_TYPE = ascii("\r\nx-amzn-ErrorType: ");
    private static final byte[] CONTENT_TYPE = ascii("\r\nContent-Type: application/json");
    private static final byte[] CONTENT_LENGTH = ascii("\r\nContent-Length: ");
    private static final byte[] CRLF_CRLF = ascii("\r\n\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] OK = ascii("OK");
    private static final byte[] ZERO = ascii("0");

    /**
     * The answer as Grizzly's HTTP server writes it (same status lines and headers), built straight into one array:
     * at tens of thousands of posts a second the gateway's garbage is mostly per-answer strings otherwise.
     */
    static byte[] encode(ManagementCalls.Answer answer) {
        byte[] reason = answer.status() == 200 ? OK : ascii(reason(answer.status()));
        byte[] errorType = answer.errorType() == null ? null : ascii(answer.errorType());
        byte[] body = answer.body();
        byte[] length = answer.status() == 204 ? null : body.length == 0 ? ZERO : ascii(Integer.toString(body.length));
        int size = HTTP_11.length + 4 + reason.length + REQUEST_ID.length + 36
                + (errorType == null ? 0 : ERROR_TYPE.length + errorType.length)
                + (body.length > 0 ? CONTENT_TYPE.length : 0)
                + (length == null ? 0 : CONTENT_LENGTH.length + length.length) + CRLF_CRLF.length + body.length;
        byte[] out = new byte[size];
        int at = put(out, 0, HTTP_11);
        int status = answer.status();
        out[at++] = (byte) ('0' + status / 100);
        out[at++] = (byte) ('0' + status / 10 % 10);
        out[at++] = (byte) ('0' + status % 10);
        out[at++] = ' ';
        at = put(out, at, reason);
        at = put(out, at, REQUEST_ID);
        at = requestId(out, at);
        if (errorType != null) {
            at = put(out, at, ERROR_TYPE);
            at = put(out, at, errorType);
        }
        if (body.length > 0) {
            at = put(out, at, CONTENT_TYPE);
        }
        if (length != null) {
            at = put(out, at, CONTENT_LENGTH);
            at = put(out, at, length);
        }
        at = put(out, at, CRLF_CRLF);
        System.arraycopy(body, 0, out, at, body.length);
        return out;
    }

    /** A random version-4 UUID in its 36-character text form, written at {@code at} (as {@link ManagementCalls#requestId}). */
    private static int requestId(byte[] out, int at) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = r.nextLong() & ~0xF000L | 0x4000L;
        long lo = r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        int end = at + 36;
        for (int i = 0; i < 32; i++) {
            long half = i < 16 ? hi : lo;
            int digit = (int) (half >>> (60 - 4 * (i % 16))) & 0xF;
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                out[at++] = '-';
            }
            out[at++] = HEX[digit];
        }
        return end;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 403 -> "Forbidden";
            case 410 -> "Gone";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            default -> "Internal Server Error";
        };
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] expected, int at) {
        if (at < from || at + expected.length > to) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive header name check; {@code lower} is lower case. */
    private static boolean nameIs(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueIs(byte[] b, int from, int to, String lower) {
        return nameIs(b, from, to, lower);
    }

    /** ISO-8859-1 characters of a region of the read buffer, without copying them into a String. */
    private record Latin1View(byte[] bytes, int from, int to) implements CharSequence {

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[from + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Latin1View(bytes, from + start, from + end);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
