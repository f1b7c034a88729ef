package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/** Catalogue 56: a counted loop whose counter lives across the yield. */
public final class YieldInLoop {
    public static final List<Object> EXPECTED = List.of(0, 1, 2, 3);

    @Coroutine
    public static void body() {
        for (int i = 0; i < 4; i++) {
            Coroutines.yield(i);
        }
    }
}
