package dev.streamgate.localgateway.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 sizes and strict decoding, because every API Gateway limit counts UTF-8 bytes. */
public final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 length of a string without encoding it. */
    public static long length(CharSequence s) {
        long bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether the bytes are valid UTF-8 (what {@link #decodeOrNull} accepts), without decoding them. */
    public static boolean isValid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n && bytes[i] >= 0) {
            i++;
        }
        // ASCII (the usual JSON) ends here; anything else is checked by the strict decoder
        return i == n || decodeOrNull(bytes) != null;
    }

    /** The text, or {@code null} when the bytes are not valid UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
