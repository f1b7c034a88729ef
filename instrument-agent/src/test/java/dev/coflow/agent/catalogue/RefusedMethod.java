package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * A yield in a method the agent refused, run by a coroutine: an annotated generator yields inside a
 * synchronized block (YIELD_IN_SYNCHRONIZED_BLOCK). The run-time error must give that refusal's fix,
 * not "annotate gen". Fixed: the yield is out of the block.
 */
public final class RefusedMethod {
    private RefusedMethod() {
    }

    public static final class Broken {
        static final Object LOCK = new Object();

        @Coroutine
        public static Object gen() {
            int n = 0;
            for (int x = 1; x <= 2; x++) {
                synchronized (LOCK) {
                    n += x;
                    Coroutines.yield(n);
                }
            }
            return n;
        }
    }

    public static final class Fixed {
        static final Object LOCK = new Object();

        @Coroutine
        public static Object gen() {
            int n = 0;
            for (int x = 1; x <= 2; x++) {
                int v;
                synchronized (LOCK) {
                    n += x;
                    v = n;
                }
                Coroutines.yield(v);
            }
            return n;
        }
    }
}
