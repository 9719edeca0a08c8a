package dev.streamgate.core;

import java.util.ArrayList;
import java.util.List;

/** UTF-8 sizes and code-point-safe splitting, without encoding the text. */
final class Utf8 {

    private Utf8() {
    }

    static int length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Splits into pieces of at most {@code maxBytes} UTF-8 bytes, never inside a code point. */
    static List<String> split(String s, int maxBytes) {
        List<String> out = new ArrayList<>(1);
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes && i > start) {
                out.add(s.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
