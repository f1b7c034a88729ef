package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 34: synchronized blocks that hold no suspension point must not be refused. The monitor
 * is entered and exited between two yields, and a nested pair of monitors (with a throw caught
 * inside, so the synthetic catch-all that releases the monitor runs) sits in a loop around nothing
 * that suspends.
 */
public final class SynchronizedBlockWithoutYield {
    public static final List<Object> EXPECTED = List.of(1, 2, 2, 3, "caught");

    private static final Object OUTER = new Object();
    private static final Object INNER = new Object();

    @Coroutine
    public static void body() {
        int count = 0;
        Coroutines.yield(1);
        synchronized (OUTER) {
            count++;
        }
        Coroutines.yield(2);
        for (int i = 0; i < 2; i++) {
            synchronized (OUTER) {
                synchronized (INNER) {
                    count++;
                }
            }
            Coroutines.yield(count);
        }
        String caught = null;
        try {
            synchronized (INNER) {
                throw new IllegalStateException("caught");
            }
        } catch (IllegalStateException e) {
            caught = e.getMessage();
        }
        Coroutines.yield(caught);
    }
}
