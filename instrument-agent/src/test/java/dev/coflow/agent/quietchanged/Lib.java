package dev.coflow.agent.quietchanged;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** The library as it runs: {@code helper} yields. As it was when its caller was rewritten, see {@link LibAsBuilt}. */
public final class Lib {
    private Lib() {
    }

    @Coroutine
    public static int helper(int x) {
        Coroutines.yield("from helper");
        return x + 1;
    }
}
