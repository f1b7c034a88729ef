package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 7: {@code null}-typed locals and stack entries at a suspension point: a local whose only
 * assignment is {@code null}, {@code call(null, yield())}, and a {@code null} that later merges with a
 * real value.
 */
public final class NullLocalsAndStackAcrossYield {
    public static final List<Object> EXPECTED = List.of("locals", true, 0, "call", "null+v", "merge", "set", "array", 3, true);
    public static final List<Object> SENDS = List.of("-", "-", "-", "v", "-", true, "-", "-", "-");

    @Coroutine
    public static void body() {
        String s = null;
        int i = 0;
        Coroutines.yield("locals");
        Coroutines.yield(s == null);
        Coroutines.yield(i);
        Coroutines.yield(concat(null, Coroutines.yield("call")));
        String later = null;
        if (Coroutines.<Boolean>yield("merge")) {
            later = "set";
        }
        Coroutines.yield(later);
        Object[] nothing = null;
        Coroutines.yield(count(null, null, 3, Coroutines.yield("array")));
        Coroutines.yield(nothing == null);
    }

    static String concat(String a, String b) {
        return a + "+" + b;
    }

    static int count(Object a, Object[] b, int n, Object sent) {
        return a == null && b == null ? n : -1;
    }
}
