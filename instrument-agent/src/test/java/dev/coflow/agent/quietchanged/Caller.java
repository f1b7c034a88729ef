package dev.coflow.agent.quietchanged;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Calls {@code Lib.helper}, a static call that is quiet when {@code helper} cannot suspend. */
public final class Caller {
    private Caller() {
    }

    public static final java.util.List<String> LOG = new java.util.ArrayList<>();

    @Coroutine
    public static Object run() {
        int r = Lib.helper(41);
        LOG.add("after helper " + r);
        Coroutines.yield("caller");
        return r;
    }
}
