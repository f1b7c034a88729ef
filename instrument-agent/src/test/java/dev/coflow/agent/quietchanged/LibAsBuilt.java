package dev.coflow.agent.quietchanged;

import dev.coflow.Coroutine;

/** {@link Lib} as it was when {@link Caller} was rewritten: {@code helper} cannot suspend, so its call was quiet. */
public final class LibAsBuilt {
    private LibAsBuilt() {
    }

    @Coroutine
    public static int helper(int x) {
        return x + 1;
    }
}
