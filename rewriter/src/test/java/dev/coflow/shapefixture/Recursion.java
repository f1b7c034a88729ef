package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Shape fixture: a static recursive coroutine (a direct call) and a virtual one (through the bridge). */
public class Recursion {
    @Coroutine
    static long down(int n) {
        if (n == 0) {
            Coroutines.yield("bottom");
            return 0;
        }
        return down(n - 1) + 1;
    }

    /** Overridable (public, not final, in a class that is not final): the call goes through the virtual entry of the receiver's class. */
    @Coroutine
    public long virtualDown(int n) {
        if (n == 0) {
            Coroutines.yield("bottom");
            return 0;
        }
        return virtualDown(n - 1) + 1;
    }
}
