package dev.streamgate.protocol.internal;

/**
 * UTF-8 and JSON string size arithmetic, so sizes can be checked without encoding.
 *
 * <p>The JSON sizes match what Jackson's UTF-8 generator writes with default settings: {@code "} and {@code \}
 * and the five short control escapes ({@code \b \t \n \f \r}) take 2 bytes, other controls below U+0020 take 6
 * ({@code \u0000}), everything else is written as raw UTF-8.
 */
public final class Utf8 {
    /** The replacement character written in place of an unpaired surrogate. */
    public static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /** The number of bytes {@code text} takes as UTF-8, counting each unpaired surrogate as U+FFFD (3 bytes). */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The bytes one BMP char (not part of a surrogate pair) takes inside a JSON string literal. */
    public static int jsonCharLength(char c) {
        if (c < 0x20) {
            return switch (c) {
                case '\b', '\t', '\n', '\f', '\r' -> 2;
                default -> 6;
            };
        }
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x80) {
            return 1;
        }
        return c < 0x800 ? 2 : 3;
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1 if every surrogate is paired. */
    public static int indexOfUnpairedSurrogate(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD (the same instance if there is none). */
    public static String replaceUnpairedSurrogates(String text) {
        int first = indexOfUnpairedSurrogate(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        int length = text.length();
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
