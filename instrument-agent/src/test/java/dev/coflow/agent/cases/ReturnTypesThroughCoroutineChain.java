package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 14: every return type through a chain of coroutine calls that suspend before returning:
 * {@code void}, {@code int}, {@code long}, {@code double}, {@code float}, {@code boolean}, {@code char},
 * {@code byte}, {@code short} and a reference; each value is passed up through a second coroutine
 * method unchanged.
 */
public final class ReturnTypesThroughCoroutineChain {
    public static final List<Object> EXPECTED = List.of(
            "void", "int", -7, "long", Long.MIN_VALUE, "double", 1.0E300, "float", 3.5f,
            "boolean", true, "char", '\u20ac', "byte", (byte) -3, "short", (short) 32767, "reference", "ref", "void-done", 1);

    private static int voidCalls;

    @Coroutine
    public static void body() {
        voidChain();
        Coroutines.yield(intChain());
        Coroutines.yield(longChain());
        Coroutines.yield(doubleChain());
        Coroutines.yield(floatChain());
        Coroutines.yield(booleanChain());
        Coroutines.yield(charChain());
        Coroutines.yield(byteChain());
        Coroutines.yield(shortChain());
        Coroutines.yield(referenceChain());
        Coroutines.yield("void-done");
        Coroutines.yield(voidCalls);
    }

    @Coroutine
    static void voidChain() {
        voidLeaf();
    }

    @Coroutine
    static void voidLeaf() {
        Coroutines.yield("void");
        voidCalls++;
    }

    @Coroutine
    static int intChain() {
        return intLeaf();
    }

    @Coroutine
    static int intLeaf() {
        Coroutines.yield("int");
        return -7;
    }

    @Coroutine
    static long longChain() {
        return longLeaf();
    }

    @Coroutine
    static long longLeaf() {
        Coroutines.yield("long");
        return Long.MIN_VALUE;
    }

    @Coroutine
    static double doubleChain() {
        return doubleLeaf();
    }

    @Coroutine
    static double doubleLeaf() {
        Coroutines.yield("double");
        return 1.0E300;
    }

    @Coroutine
    static float floatChain() {
        return floatLeaf();
    }

    @Coroutine
    static float floatLeaf() {
        Coroutines.yield("float");
        return 3.5f;
    }

    @Coroutine
    static boolean booleanChain() {
        return booleanLeaf();
    }

    @Coroutine
    static boolean booleanLeaf() {
        Coroutines.yield("boolean");
        return true;
    }

    @Coroutine
    static char charChain() {
        return charLeaf();
    }

    @Coroutine
    static char charLeaf() {
        Coroutines.yield("char");
        return '\u20ac';
    }

    @Coroutine
    static byte byteChain() {
        return byteLeaf();
    }

    @Coroutine
    static byte byteLeaf() {
        Coroutines.yield("byte");
        return (byte) -3;
    }

    @Coroutine
    static short shortChain() {
        return shortLeaf();
    }

    @Coroutine
    static short shortLeaf() {
        Coroutines.yield("short");
        return Short.MAX_VALUE;
    }

    @Coroutine
    static String referenceChain() {
        return referenceLeaf();
    }

    @Coroutine
    static String referenceLeaf() {
        Coroutines.yield("reference");
        return "ref";
    }
}
