package dev.coflow.it.programs.debuggee;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** The bottom of the chain, called from {@link Chain}: every call here goes through a bridge. */
final class Other {
    private Other() {
    }

    @Coroutine
    static int bottom(int x, long y) { // @bp:bottom.declaration
        long z = x + y; // @bp:bottom.before
        Coroutines.yield(z); // @bp:bottom.yield
        int w = x * 3; // @bp:bottom.after
        Coroutines.yield(w); // @bp:bottom.yield2
        return w + 1; // @bp:bottom.return
    }

    /** A coroutine method that suspends only when asked to. */
    @Coroutine
    static int maybe(int v, boolean suspend) {
        if (suspend) {
            Coroutines.yield(v);
        }
        return v; // @bp:maybe.return
    }

    /** Calls {@link Chain#middle} from another class. */
    @Coroutine
    static int viaOther(int k) {
        int r = Chain.middle(k); // @bp:viaOther.call
        return r; // @bp:viaOther.return
    }
}
