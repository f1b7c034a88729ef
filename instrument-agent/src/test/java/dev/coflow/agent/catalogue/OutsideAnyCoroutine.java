package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** IllegalStateException "outside any coroutine": a @Coroutine method called as a plain method. */
public final class OutsideAnyCoroutine {
    private OutsideAnyCoroutine() {
    }

    @Coroutine
    public static int countTo(int n) {
        for (int i = 1; i <= n; i++) {
            Coroutines.yield(i);
        }
        return n;
    }

    /** Broken: calls it directly. */
    public static Object direct() {
        return countTo(2);
    }

    /** Fix applied: runs it through Coroutines.generate. */
    public static Object generated() {
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Object v : Coroutines.generate(() -> countTo(2))) {
            out.add(v);
        }
        return out;
    }
}
