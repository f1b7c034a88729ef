package dev.coflow.agent.refusals;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Catalogue 31: a yield, and a call to a coroutine method, inside a synchronized block. Both methods
 * are refused; {@code allowed}, which synchronizes only around code that cannot suspend, is rewritten.
 */
public final class YieldInsideSynchronizedBlock {
    private static final Object LOCK = new Object();

    @Coroutine
    public static void yieldInside() {
        Coroutines.yield("before");
        synchronized (LOCK) {
            Coroutines.yield("held"); // refused: yieldInside
        }
    }

    @Coroutine
    public static void callInside() {
        synchronized (LOCK) {
            allowed(); // refused: callInside
        }
    }

    @Coroutine
    public static void allowed() {
        int n;
        synchronized (LOCK) {
            n = 1;
        }
        Coroutines.yield(n);
        Coroutines.yield(n + 1);
    }
}
