package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 3: {@code long} and {@code double} values (two slots each) on the operand stack under a
 * suspension point, mixed with one-slot values in every order: {@code g(1L, x, 2.0, yield())}.
 */
public final class LongAndDoubleOnStackAtYield {
    public static final List<Object> EXPECTED = List.of(
            "g", "1|7|2.0|s",
            "h", "7|-9223372036854775808|4.5|5.5|t|c",
            "product", 9_000_000_000L,
            "sum", 2.75,
            "call", 10_000_000_007L);
    public static final List<Object> SENDS = List.of("s", "-", "t", "-", 3L, "-", 1.0, "-", 7L);

    @Coroutine
    public static void body() {
        int x = 7;
        Coroutines.yield(g(1L, x, 2.0, Coroutines.yield("g")));
        Coroutines.yield(h(x, Long.MIN_VALUE, 4.5f, 5.5, Coroutines.yield("h"), 'c'));
        long big = 3_000_000_000L;
        Coroutines.yield(big * Coroutines.<Long>yield("product"));
        double d = 1.25;
        float f = 0.5f;
        Coroutines.yield(d + f + Coroutines.<Double>yield("sum"));
        Coroutines.yield(10_000_000_000L + sentLong("call"));
    }

    static String g(long a, int b, double c, String d) {
        return a + "|" + b + "|" + c + "|" + d;
    }

    static String h(int a, long b, float c, double d, String e, char f) {
        return a + "|" + b + "|" + c + "|" + d + "|" + e + "|" + f;
    }

    @Coroutine
    static long sentLong(String label) {
        return Coroutines.<Long>yield(label);
    }
}
