package dev.coflow.agent.refusals;

import dev.coflow.Coroutines;

/**
 * Catalogue 21: a static initialiser that calls {@code Coroutines.yield}. It is refused, so the
 * initialiser runs as written and its yield throws when the class is initialised.
 */
public final class YieldInStaticInitializer {
    static final int VALUE;

    static {
        int v = 41;
        Coroutines.yield(v); // refused: <clinit>
        VALUE = v + 1;
    }

    private YieldInStaticInitializer() {
    }
}
