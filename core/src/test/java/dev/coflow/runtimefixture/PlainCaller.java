package dev.coflow.runtimefixture;

import dev.coflow.runtime.Context;
import dev.coflow.runtime.Suspension;

/** Test-only: a method outside coflow's packages that was not rewritten, yet calls what rewritten code calls. */
public final class PlainCaller {
    private PlainCaller() {
    }

    public static Context yieldWith(Context context) {
        return Suspension.yield("value", context);
    }
}
