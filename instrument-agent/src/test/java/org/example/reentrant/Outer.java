package org.example.reentrant;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** The class being rewritten when its loader loads {@link Inner} ({@code TransformerCallsTest}). */
public final class Outer {
    private Outer() {
    }

    @Coroutine
    public static Object body() {
        Object sent = Coroutines.yield("outer");
        return Inner.plain(sent); // whether this call can suspend, the rewriter reads Inner's class file to see
    }
}
