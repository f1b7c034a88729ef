package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 34: monitors taken by other, plain frames between two suspension points must not cause
 * a refusal: a {@code synchronized} instance method and a {@code synchronized} static method called
 * from a coroutine, and a synchronized block that only calls them. Each monitor is released before
 * the next yield.
 */
public final class SynchronizedHelperBetweenYields {
    public static final List<Object> EXPECTED = List.of(1, 2, 3, "free");

    private int count;

    private synchronized int increment() {
        return ++count;
    }

    private static synchronized boolean heldByMe(Object lock) {
        return Thread.holdsLock(lock);
    }

    @Coroutine
    public static void body() {
        SynchronizedHelperBetweenYields counter = new SynchronizedHelperBetweenYields();
        Coroutines.yield(counter.increment());
        int n;
        synchronized (counter) {
            n = counter.increment();
        }
        Coroutines.yield(n);
        Coroutines.yield(counter.increment());
        boolean held = heldByMe(counter) || Thread.holdsLock(counter);
        Coroutines.yield(held ? "held" : "free");
    }
}
