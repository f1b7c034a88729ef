package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * A refused @Coroutine method (synchronized) stands between a coroutine and the coroutine method that
 * yields: the fix is the refusal's (remove synchronized), not "annotate it".
 */
public final class ForeignRefusedMethod {
    private ForeignRefusedMethod() {
    }

    @Coroutine
    static int ask(String what) {
        return Coroutines.<Integer>yield(what);
    }

    public static final class Broken {
        public static int asked;

        @Coroutine
        static synchronized int count(String what) {
            asked++;
            return ask(what);
        }

        @Coroutine
        public static Object body() {
            asked = 0;
            return count("a") + count("b");
        }
    }

    /** Fix applied: synchronized removed; the counter is guarded by a lock released before the suspending call. */
    public static final class Fixed {
        static final Object LOCK = new Object();
        public static int asked;

        @Coroutine
        static int count(String what) {
            synchronized (LOCK) {
                asked++;
            }
            return ask(what);
        }

        @Coroutine
        public static Object body() {
            asked = 0;
            return count("a") + count("b");
        }
    }
}
