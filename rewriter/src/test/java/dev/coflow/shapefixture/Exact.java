package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Shape fixture: instance calls that cannot be overridden — every method of a final class, and a private method. */
public final class Exact {
    @Coroutine
    public Object leaf(String s) {
        return Coroutines.yield(s);
    }

    @Coroutine
    private Object hidden(String s) {
        return leaf(s);
    }

    @Coroutine
    public Object top(String s) {
        return hidden(s);
    }
}
