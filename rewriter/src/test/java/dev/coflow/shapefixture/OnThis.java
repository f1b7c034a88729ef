package dev.coflow.shapefixture;

import dev.coflow.Coroutine;

/** Shape fixture: calls on {@code this} of an overridable coroutine method of the same class that is not rewritten (it calls nothing). */
public class OnThis {
    @Coroutine
    public int step(int x) {
        return x + 1;
    }

    @Coroutine
    public int twice(int x) {
        return step(x) + step(x + 2);
    }

    @Coroutine
    public int chosen(OnThis other, boolean mine) {
        return (mine ? this : other).step(1) + step(6);
    }
}
