package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** NotRewrittenException "which the coflow agent did not rewrite": a plain helper, run by a coroutine, yields. */
public final class PlainMethod {
    private PlainMethod() {
    }

    public static final class Broken {
        static void emit(int x) {
            Coroutines.yield(x * 2);
        }

        @Coroutine
        public static Object body() {
            emit(1);
            emit(2);
            return "done";
        }
    }

    /** Fix applied: the helper is annotated @Coroutine. */
    public static final class Fixed {
        @Coroutine
        static void emit(int x) {
            Coroutines.yield(x * 2);
        }

        @Coroutine
        public static Object body() {
            emit(1);
            emit(2);
            return "done";
        }
    }
}
