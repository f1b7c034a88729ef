package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.SuspendableClasses;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SuspendableClassesTest {

    @Test
    void packageStar_matchesClassesDirectlyInThePackageAndTheirNestedClasses() {
        SuspendableClasses s = SuspendableClasses.parse("com.acme.*");
        assertTrue(s.test("com/acme/Foo"));
        assertTrue(s.test("com/acme/Foo$1"));
        assertFalse(s.test("com/acme/sub/Bar"));
        assertFalse(s.test("com/acmex/Foo"));
        assertFalse(s.test("com/Foo"));
    }

    @Test
    void packageDoubleStar_matchesThePackageAndSubpackages() {
        SuspendableClasses s = SuspendableClasses.parse("com.acme.**");
        assertTrue(s.test("com/acme/Foo"));
        assertTrue(s.test("com/acme/sub/deep/Bar$Inner"));
        assertFalse(s.test("com/acmex/Foo"));
        assertFalse(s.test("org/acme/Foo"));
    }

    @Test
    void className_matchesTheClassAndItsNestedClassesOnly() {
        SuspendableClasses s = SuspendableClasses.parse("com.acme.Foo");
        assertTrue(s.test("com/acme/Foo"));
        assertTrue(s.test("com/acme/Foo$Visitor"));
        assertTrue(s.test("com/acme/Foo$1"));
        assertFalse(s.test("com/acme/FooBar"));
        assertFalse(s.test("com/acme/Fo"));
    }

    @Test
    void severalPatterns_separatedBySemicolons_andDoubleStarAlone_matchesEverything() {
        SuspendableClasses s = SuspendableClasses.parse(" com.a.* ; org.b.C ;");
        assertTrue(s.test("com/a/X"));
        assertTrue(s.test("org/b/C"));
        assertFalse(s.test("org/b/D"));
        assertEquals("com.a.*;org.b.C", s.toString());
        assertTrue(SuspendableClasses.parse("**").test("any/Thing"));
        assertTrue(SuspendableClasses.parse("").isEmpty());
    }

    @Test
    void badPatterns_areRejectedWithTheRule() {
        for (String bad : new String[] {"com.*.Foo", "com.acme.", "com..acme.*", "*", "com.acme.***", "com.ac-me.*"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuspendableClasses.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void mentionedIn_findsThePackageStemInClassBytes() {
        SuspendableClasses s = SuspendableClasses.parse("com.acme.**;org.x.Y");
        assertTrue(s.mentionedIn("....com/acme/Foo....".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(s.mentionedIn("Lorg/x/Y;".getBytes(StandardCharsets.ISO_8859_1)));
        assertFalse(s.mentionedIn("com/acmeFoo org/x/Z".getBytes(StandardCharsets.ISO_8859_1)));
    }
}
