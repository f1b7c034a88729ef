package org.example.reentrant;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** The class a loader loads while the agent rewrites {@link Outer} ({@code TransformerCallsTest}). */
public final class Inner {
    private Inner() {
    }

    public static Object plain(Object value) {
        return value;
    }

    @Coroutine
    public static Object body() {
        return Coroutines.yield("inner");
    }
}
