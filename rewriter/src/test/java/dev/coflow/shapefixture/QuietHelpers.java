package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Shape fixture: coroutine methods of another class, as a library made suspendable has them (every method a
 * coroutine method): static helpers that cannot suspend, and static methods that yield, directly or through
 * another static method.
 */
public final class QuietHelpers {
    private QuietHelpers() {
    }

    /** Quiet: calls only another quiet static method. */
    @Coroutine
    public static int helper(int x) {
        return x * 2 + leaf(x);
    }

    /** Quiet: calls nothing. */
    @Coroutine
    public static int leaf(int x) {
        return x + 1;
    }

    @Coroutine
    public static Object yields(Object v) {
        return Coroutines.yield(v);
    }

    /** May suspend: a static call of a method that yields. */
    @Coroutine
    public static Object yieldsThroughStatic(Object v) {
        return yields(v);
    }

    /** Recursive: counted as may-suspend (a proof never assumes what it is proving). */
    @Coroutine
    public static int recursive(int n) {
        return n <= 0 ? leaf(n) : recursive(n - 1) + 1;
    }

    /** Mutually recursive with {@link #mutualB}. */
    @Coroutine
    public static int mutualA(int n) {
        return n <= 0 ? 0 : mutualB(n - 1);
    }

    @Coroutine
    public static int mutualB(int n) {
        return mutualA(n) + leaf(n);
    }
}
