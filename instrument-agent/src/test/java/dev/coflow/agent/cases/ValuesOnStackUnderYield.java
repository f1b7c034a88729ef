package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 1: values already on the operand stack under a suspension point, {@code f(a, b, yield())},
 * in arithmetic ({@code 42 + 7 * yield()}), in a string concatenation and in nested calls; each
 * must come back in its place and order.
 */
public final class ValuesOnStackUnderYield {
    public static final List<Object> EXPECTED = List.of("first", "a|b|one", 77, "a-two-b", "again", "a|b|three|d|e");
    public static final List<Object> SENDS = List.of("one", 5, "two", "ignored", "three");

    @Coroutine
    public static void body() {
        String a = "a";
        String b = "b";
        String joined = join(a, b, Coroutines.yield("first"));
        int n = 42 + 7 * Coroutines.<Integer>yield(joined);
        String concatenated = a + "-" + Coroutines.yield(n) + "-" + b;
        Coroutines.<String>yield(concatenated);
        String nested = join(a, join(b, Coroutines.yield("again"), "d"), "e");
        Coroutines.yield(nested);
    }

    static String join(String x, String y, String z) {
        return x + "|" + y + "|" + z;
    }
}
