package dev.coflow.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/** The agent's first look at every class: exactly {@code String.contains}, however the text and the bytes are made. */
class ByteSearchTest {

    /** A text and bytes over a small alphabet, so partial matches, overlaps and repeated characters are common. */
    record Case(String text, byte[] bytes) {
    }

    @Provide
    Arbitrary<Case> smallAlphabet() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab/c").ofMinLength(0).ofMaxLength(7);
        Arbitrary<byte[]> bytes = Arbitraries.strings().withChars("ab/c\u0000\u00ff").ofMaxLength(60)
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        return Combinators.combine(text, bytes).as(Case::new);
    }

    @Property(tries = 3000)
    void findsExactlyWhatStringContainsFinds(@ForAll("smallAlphabet") Case c) {
        String haystack = new String(c.bytes(), StandardCharsets.ISO_8859_1);
        assertEquals(haystack.contains(c.text()), ByteSearch.of(c.text()).in(c.bytes()), c.text() + " in " + haystack);
    }

    @Property(tries = 1000)
    void findsTheMarkerWhereverItIsPlanted(@ForAll("anyBytes") byte[] noise, @ForAll("cut") int at) {
        byte[] marker = "dev/coflow/".getBytes(StandardCharsets.ISO_8859_1);
        int i = Math.min(at, noise.length);
        byte[] planted = new byte[noise.length + marker.length];
        System.arraycopy(noise, 0, planted, 0, i);
        System.arraycopy(marker, 0, planted, i, marker.length);
        System.arraycopy(noise, i, planted, i + marker.length, noise.length - i);
        assertTrue(ByteSearch.of("dev/coflow/").in(planted));
        // one byte of the marker changed: found only if the noise holds the marker on its own
        for (int k = 0; k < marker.length; k++) {
            byte[] spoiled = planted.clone();
            spoiled[i + k] ^= 0x20;
            assertEquals(new String(spoiled, StandardCharsets.ISO_8859_1).contains("dev/coflow/"), ByteSearch.of("dev/coflow/").in(spoiled));
        }
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 200);
    }

    @Test
    void realClassFiles() throws IOException {
        byte[] own;
        try (InputStream in = ByteSearch.class.getResourceAsStream("ByteSearch.class")) {
            own = in.readAllBytes();
        }
        assertTrue(ByteSearch.of("dev/coflow/").in(own), "a coflow class names its own package");
        byte[] jdk;
        try (InputStream in = Object.class.getResourceAsStream("Object.class")) {
            jdk = in.readAllBytes();
        }
        assertFalse(ByteSearch.of("dev/coflow/").in(jdk));
        assertTrue(ByteSearch.of("java/lang/Object").in(jdk));
        assertTrue(ByteSearch.of("").in(new byte[0]));
        assertFalse(ByteSearch.of("x").in(new byte[0]));
    }
}
