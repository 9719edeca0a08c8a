package dev.streamgate.protocol;

import dev.streamgate.protocol.internal.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Cuts answer text into {@code chunk} events whose serialized JSON each fits one WebSocket frame.
 *
 * <p>The budget counts the whole event as {@link ProtocolCodec} writes it: envelope, stream id, the digits of the
 * sequence number, and the text after JSON escaping ({@code \n} and quotes take 2 bytes, other control characters
 * 6, non-ASCII 2 to 4 bytes of UTF-8). Cuts fall only between code points, never inside a surrogate pair, so every
 * piece is valid text and the pieces concatenate to the input exactly. (Cuts may fall inside a grapheme cluster such
 * as a flag or a ZWJ emoji sequence; clients render concatenated text, so that is harmless.) Thread-safe.
 */
public final class EventSplitter {
    /** The smallest useful budget: room for an envelope and a few escaped characters. */
    private static final int MIN_TEXT_BYTES = 6;

    private final ProtocolCodec codec;
    private final int frameBudgetBytes;

    private EventSplitter(ProtocolCodec codec, int frameBudgetBytes) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (frameBudgetBytes <= 0) {
            throw new IllegalArgumentException("frameBudgetBytes must be positive, was " + frameBudgetBytes);
        }
        this.frameBudgetBytes = frameBudgetBytes;
    }

    /** A splitter for the default 32,768-byte frame. */
    public static EventSplitter create() {
        return new EventSplitter(ProtocolCodec.create(), Limits.FRAME_BYTES);
    }

    /** A splitter for a smaller budget (e.g. to leave room for a transport's own envelope). */
    public static EventSplitter create(int frameBudgetBytes) {
        return new EventSplitter(ProtocolCodec.create(), frameBudgetBytes);
    }

    /** The largest serialized event this splitter produces, in bytes. */
    public int frameBudgetBytes() {
        return frameBudgetBytes;
    }

    /**
     * Splits {@code text} into as few chunks as fit, asking {@code nextSeq} for one sequence number per chunk.
     *
     * @param streamId the stream the chunks belong to
     * @param nextSeq called exactly once per chunk produced, in order
     * @param text the text; empty text gives no chunks (and takes no sequence number)
     * @return the chunks in order
     * @throws IllegalArgumentException if the budget cannot hold even the envelope plus one escaped character
     */
    public List<ServerEvent.Chunk> split(String streamId, LongSupplier nextSeq, String text) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(nextSeq, "nextSeq");
        Objects.requireNonNull(text, "text");
        List<ServerEvent.Chunk> chunks = new ArrayList<>();
        if (text.isEmpty()) {
            return chunks;
        }
        // envelope size with seq 0: one digit; longer seqs add their extra digits below
        int envelopeAtSeqZero = codec.writeBytes(new ServerEvent.Chunk(streamId, 0, "")).length;
        int start = 0;
        int length = text.length();
        while (start < length) {
            long seq = nextSeq.getAsLong();
            int room = frameBudgetBytes - envelopeAtSeqZero - (digits(seq) - 1);
            if (room < MIN_TEXT_BYTES) {
                throw new IllegalArgumentException("A frame budget of " + frameBudgetBytes + " bytes cannot hold a chunk for"
                        + " stream id of " + streamId.length() + " characters at seq " + seq + "; raise the budget.");
            }
            int end = cut(text, start, room);
            chunks.add(new ServerEvent.Chunk(streamId, seq, text.substring(start, end)));
            start = end;
        }
        return chunks;
    }

    /** The end index of the longest prefix of {@code text[start..]} whose JSON-escaped size fits {@code room}. */
    private static int cut(String text, int start, int room) {
        int used = 0;
        int i = start;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            int width;
            int chars;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else if (Character.isSurrogate(c)) {
                // unpaired: the codec writes U+FFFD, 3 bytes
                width = 3;
                chars = 1;
            } else {
                width = Utf8.jsonCharLength(c);
                chars = 1;
            }
            if (used + width > room) {
                break;
            }
            used += width;
            i += chars;
        }
        return i;
    }

    private static int digits(long seq) {
        return Long.toString(seq).length();
    }
}
