package dev.coflow.agent.refusals;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Catalogue 20: a constructor that calls {@code Coroutines.yield} ({@code @Coroutine} cannot be put
 * on a constructor: its target is {@code METHOD}). It is refused; the other constructor and the
 * coroutine method {@code values} are not affected.
 */
public final class YieldInsideConstructor {
    private final int first;

    public YieldInsideConstructor(int first) {
        this.first = first;
        Coroutines.yield(first); // refused: <init>
    }

    public YieldInsideConstructor() {
        this.first = 10;
    }

    @Coroutine
    public void values() {
        Coroutines.yield(first);
        Coroutines.yield(first + 1);
    }
}
