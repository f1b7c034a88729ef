package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 14: a coroutine method whose whole body is {@code return Coroutines.yield(v);}, one whose
 * last instruction before {@code return} is the yield, and the sent value returned from the root as
 * the coroutine's result.
 */
public final class MethodThatOnlyReturnsYield {
    public static final List<Object> EXPECTED = List.of("ask", "got:answer", "last", "ask");
    public static final List<Object> SENDS = List.of("answer", "-", "-", "final");
    public static final Object RESULT = "final";

    @Coroutine
    public static Object body() {
        Coroutines.yield("got:" + ask());
        yieldLast();
        Object result = ask();
        return result;
    }

    @Coroutine
    static <T> T ask() {
        return Coroutines.yield("ask");
    }

    @Coroutine
    static void yieldLast() {
        Coroutines.yield("last");
    }
}
