package dev.coflow.rewriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether a class file's bytes contain a text (ISO-8859-1): the agent's first question about every class
 * the JVM loads ("does it mention coflow, or a suspendable package?").
 *
 * <p>Speed here is start-up time. The search runs mostly before anything is compiled, over the first
 * few thousand classes a program loads, so what counts is how many bytes it looks at, not how fast
 * each look is once compiled. It is Horspool's: compare the window's last byte, and when the window
 * cannot hold a match, move by how far that byte stands from the text's end (the whole length for a
 * byte the text does not contain). For {@code dev/coflow/} it looks at about one byte in eight of a
 * class file. A byte-by-byte loop looked at every byte and, interpreted, cost about 10% of loading the
 * classes; {@code new String(bytes).indexOf} copied the class and cost 3-4 points of the 10-14% the agent
 * added to loading Guava's classes ({@code StartupCost}, design.md "The agent").
 */
public final class ByteSearch {
    private final byte[] text;
    /** How far the window moves when its last byte is {@code b}: {@code shift[b & 0xff]}, from 1 to the text's length. */
    private final int[] shift;

    private ByteSearch(byte[] text) {
        this.text = text;
        this.shift = new int[256];
        Arrays.fill(shift, Math.max(1, text.length));
        for (int i = 0; i < text.length - 1; i++) {
            shift[text[i] & 0xff] = text.length - 1 - i;
        }
    }

    /** A search for {@code text}, whose characters are taken as ISO-8859-1 bytes (internal names are ASCII in practice). */
    public static ByteSearch of(String text) {
        return new ByteSearch(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether {@code bytes} contain the text anywhere (an empty text is in every array). */
    public boolean in(byte[] bytes) {
        byte[] t = text;
        int m = t.length;
        if (m == 0) {
            return true;
        }
        byte lastOfText = t[m - 1];
        for (int end = m - 1; end < bytes.length; ) {
            byte b = bytes[end];
            if (b == lastOfText && endsAt(bytes, end)) {
                return true;
            }
            end += shift[b & 0xff];
        }
        return false;
    }

    private boolean endsAt(byte[] bytes, int end) {
        byte[] t = text;
        for (int i = t.length - 2, j = end - 1; i >= 0; i--, j--) {
            if (bytes[j] != t[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ByteSearch[" + new String(text, StandardCharsets.ISO_8859_1) + "]";
    }
}
