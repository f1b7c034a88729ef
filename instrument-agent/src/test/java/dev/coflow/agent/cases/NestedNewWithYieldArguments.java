package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 18: nested constructions with suspension points at both levels,
 * {@code new Pair(new Box(yield()), yield())}, three levels deep, and a construction whose arguments
 * include a {@code long} and a {@code double} (two-slot temporaries when the {@code new} is moved).
 */
public final class NestedNewWithYieldArguments {
    public static final List<Object> EXPECTED = List.of(
            "inner", "outer", "Pair(Box(a), b)",
            "deep", "second", "Pair(Pair(Box(c), x), Box(d))",
            "wide", "Wide(9000000000, w, 0.125, 3)");
    public static final List<Object> SENDS = List.of("a", "b", "-", "c", "d", "-", "w");

    record Box(Object value) {
        @Override
        public String toString() {
            return "Box(" + value + ")";
        }
    }

    record Pair(Object left, Object right) {
        @Override
        public String toString() {
            return "Pair(" + left + ", " + right + ")";
        }
    }

    record Wide(long big, Object middle, double fraction, int small) {
        @Override
        public String toString() {
            return "Wide(" + big + ", " + middle + ", " + fraction + ", " + small + ")";
        }
    }

    @Coroutine
    public static void body() {
        Pair pair = new Pair(new Box(Coroutines.yield("inner")), Coroutines.yield("outer"));
        Coroutines.yield(pair.toString());
        Pair deep = new Pair(new Pair(new Box(Coroutines.yield("deep")), "x"), new Box(Coroutines.yield("second")));
        Coroutines.yield(deep.toString());
        long big = 9_000_000_000L;
        Wide wide = new Wide(big, Coroutines.yield("wide"), 0.125, 3);
        Coroutines.yield(wide.toString());
    }
}
