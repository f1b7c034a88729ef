package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalogue 36: {@code Coroutines::yield} as a method reference. The agent rewrites direct calls of
 * {@code Coroutines.yield}; through the reference's hidden class the real one runs, which cannot suspend.
 */
public final class YieldAsMethodReference {
    private YieldAsMethodReference() {
    }

    @Coroutine
    public static Object withValue() {
        Function<Object, Object> f = Coroutines::yield;
        return f.apply("x");
    }

    @Coroutine
    public static Object withoutValue() {
        Supplier<Object> s = Coroutines::yield;
        return s.get();
    }

    /** The fix the message gives: the same call in a lambda, which is rewritten and suspends. */
    @Coroutine
    public static Object inALambda() {
        Function<Object, Object> f = v -> Coroutines.yield(v);
        return f.apply("x");
    }
}
