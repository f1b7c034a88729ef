package dev.coflow.agent.refusals;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Catalogue 32: {@code synchronized} coroutine methods, static and instance; the implicit monitor
 * spans the whole body. The reported line is the first suspension point. {@code plain} is rewritten.
 */
public final class SynchronizedCoroutineMethods {
    @Coroutine
    public static synchronized void staticMethod() {
        int n = 1;
        Coroutines.yield(n); // refused: staticMethod
        Coroutines.yield(n + 1);
    }

    @Coroutine
    public synchronized void instanceMethod() {
        String s = toString();
        Coroutines.yield(s.length()); // refused: instanceMethod
    }

    @Coroutine
    public void plain() {
        Coroutines.yield("plain");
    }
}
