package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 13: suspension points as operands of {@code &&} and {@code ||}: the right operand
 * suspends only when it is evaluated, and a coroutine method returning {@code boolean} is an operand.
 */
public final class YieldInsideShortCircuit {
    public static final List<Object> EXPECTED = List.of("and", true, false, "or", "ask", true, "ask", false, "skipped", 2);
    public static final List<Object> SENDS = List.of(true, "-", "-", false, true, "-", false, "-", "-");

    @Coroutine
    public static void body() {
        boolean left = true;
        Coroutines.yield(left && Coroutines.<Boolean>yield("and"));
        boolean none = false;
        Coroutines.yield(none && Coroutines.<Boolean>yield("never"));
        Coroutines.yield(Coroutines.<Boolean>yield("or") || ask());
        Coroutines.yield(none || ask());
        int evaluated = 0;
        if ((left || ask()) && (none || evaluated++ == 0)) {
            evaluated++;
        }
        Coroutines.yield("skipped");
        Coroutines.yield(evaluated);
    }

    @Coroutine
    static boolean ask() {
        return Coroutines.<Boolean>yield("ask");
    }
}
