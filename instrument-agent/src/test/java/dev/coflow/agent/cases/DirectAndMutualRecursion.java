package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 42: direct recursion (a factorial that yields at the bottom and on the way back up) and
 * mutual recursion ({@code isEven}/{@code isOdd} yielding at every level). Each level's locals live
 * in its own frame.
 */
public final class DirectAndMutualRecursion {
    public static final List<Object> EXPECTED = List.of(
            "bottom", 1L, 2L, 6L, 24L, "fact 24",
            "even 3", "odd 2", "even 1", "odd 0", "3 is odd: true");

    @Coroutine
    static long factorial(int n) {
        if (n <= 1) {
            Coroutines.yield("bottom");
            Coroutines.yield(1L);
            return 1;
        }
        long result = n * factorial(n - 1);
        Coroutines.yield(result);
        return result;
    }

    @Coroutine
    static boolean isEven(int n) {
        Coroutines.yield("even " + n);
        return n == 0 || isOdd(n - 1);
    }

    @Coroutine
    static boolean isOdd(int n) {
        Coroutines.yield("odd " + n);
        return n != 0 && isEven(n - 1);
    }

    @Coroutine
    public static void body() {
        long fact = factorial(4);
        Coroutines.yield("fact " + fact);
        boolean odd = isEven(3);
        Coroutines.yield("3 is odd: " + !odd);
    }
}
