package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 48: a yield inside a lambda passed to {@code List.forEach}, inside a coroutine. The
 * lambda's body is rewritten (it calls {@code Coroutines.yield}), but {@code forEach} is not: it
 * ignores the suspension and goes on calling the lambda, or returns to its caller, which does not
 * expect a suspension from a call to {@code forEach} and reaches its own yield.
 */
public final class YieldInForEachCallback {
    private YieldInForEachCallback() {
    }

    /** Three elements: the second call of the lambda reaches a yield while the first is unwinding. */
    @Coroutine
    public static void threeElements() {
        List.of(1, 2, 3).forEach(x -> Coroutines.yield(x));
        Coroutines.yield("after");
    }

    /** One element, then a yield after {@code forEach}: the second yield comes while the first is unwinding. */
    @Coroutine
    public static void oneElementThenYield() {
        List.of(1).forEach(x -> Coroutines.yield(x));
        Coroutines.yield("after");
    }
}
