package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Catalogue 69: a rewritten coroutine method called directly, outside any coroutine. */
public final class OutsideAnyCoroutine {
    private OutsideAnyCoroutine() {
    }

    @Coroutine
    public static int countTo(int n) {
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            Coroutines.yield(i);
            sum += i;
        }
        return sum;
    }

    /** Calls the coroutine method from plain code, one frame further from the test. */
    public static int plainCaller() {
        return countTo(2);
    }
}
