package dev.coflow.agent.refusals;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** @Coroutine on a native method: nothing to rewrite; reported, and the rest of the class is rewritten. */
public final class NativeCoroutineMethod {
    @Coroutine
    public static native void nativeStep();

    @Coroutine
    public static void plain() {
        Coroutines.yield("plain");
    }
}
