package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * YIELD_IN_SYNCHRONIZED_BLOCK: an annotated generator that yields a running total while holding the
 * lock that guards it. The fix is to move the yield out of the block; the method already is @Coroutine.
 */
public final class YieldInSynchronizedBlock {
    private YieldInSynchronizedBlock() {
    }

    public static final class Broken {
        static final Object LOCK = new Object();
        static int total;

        @Coroutine
        public static Object body() {
            total = 0;
            for (int x = 1; x <= 3; x++) {
                synchronized (LOCK) {
                    total += x;
                    Coroutines.yield(total);
                }
            }
            return total;
        }
    }

    /** Fix applied: the yield is moved out of the synchronized block. */
    public static final class Fixed {
        static final Object LOCK = new Object();
        static int total;

        @Coroutine
        public static Object body() {
            total = 0;
            for (int x = 1; x <= 3; x++) {
                int sum;
                synchronized (LOCK) {
                    total += x;
                    sum = total;
                }
                Coroutines.yield(sum);
            }
            return total;
        }
    }
}
