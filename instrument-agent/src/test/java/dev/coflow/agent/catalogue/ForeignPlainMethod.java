package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A plain method between a coroutine and the coroutine method that yields: fixed by annotating it. */
public final class ForeignPlainMethod {
    private ForeignPlainMethod() {
    }

    @Coroutine
    static int ask(String what) {
        return Coroutines.<Integer>yield(what);
    }

    public static final class Broken {
        static int twice(String what) {
            return 2 * ask(what);
        }

        @Coroutine
        public static Object body() {
            return twice("x");
        }
    }

    public static final class Fixed {
        @Coroutine
        static int twice(String what) {
            return 2 * ask(what);
        }

        @Coroutine
        public static Object body() {
            return twice("x");
        }
    }
}
