package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.Arrays;
import java.util.List;

/**
 * Catalogue 12: suspension points inside increment and compound forms, {@code a[i++] += yield()},
 * {@code longs[i] += (long call)}, results used as values: javac's {@code dup2}, {@code dup_x2},
 * {@code dup2_x1} and {@code dup2_x2} shapes around the call. Each operand is evaluated once.
 */
public final class ArrayCompoundAssignmentWithIncrement {
    public static final List<Object> EXPECTED = List.of(
            "a[i++]", 13, 1, "[13, 20]",
            "value", 27, "[13, 27]",
            "long", 1_000_000_000_012L, "[5, 1000000000012]",
            "field", 8_000_000_003L, 8_000_000_003L,
            "double", 2.75, "[0.5, 2.75]",
            "index", "[0, 0, 1]", 5L);
    public static final List<Object> SENDS = List.of(
            10, "-", "-", "-",
            7, "-", "-",
            12L, "-", "-",
            3L, "-", "-",
            2.5, "-", "-",
            2, "-");

    private long counter = 8_000_000_000L;

    @Coroutine
    public static void body() {
        int[] a = {3, 20};
        int i = 0;
        a[i++] += Coroutines.<Integer>yield("a[i++]");
        Coroutines.yield(a[0]);
        Coroutines.yield(i);
        Coroutines.yield(Arrays.toString(a));
        int v = (a[i] += Coroutines.<Integer>yield("value"));
        Coroutines.yield(v);
        Coroutines.yield(Arrays.toString(a));
        long[] longs = {5, 1_000_000_000_000L};
        long w = (longs[i] += sent("long"));
        Coroutines.yield(w);
        Coroutines.yield(Arrays.toString(longs));
        ArrayCompoundAssignmentWithIncrement self = new ArrayCompoundAssignmentWithIncrement();
        long f = self.addToCounter();
        Coroutines.yield(f);
        Coroutines.yield(self.counter);
        double[] doubles = {0.5, 0.25};
        double d = (doubles[i] += sentDouble("double"));
        Coroutines.yield(d);
        Coroutines.yield(Arrays.toString(doubles));
        long[] counts = new long[3];
        counts[Coroutines.<Integer>yield("index")]++;
        Coroutines.yield(Arrays.toString(counts));
        Coroutines.yield(counts[2] + 4);
    }

    @Coroutine
    long addToCounter() {
        return this.counter += sent("field");
    }

    @Coroutine
    static long sent(String label) {
        return Coroutines.<Long>yield(label);
    }

    @Coroutine
    static double sentDouble(String label) {
        return Coroutines.<Double>yield(label);
    }
}
