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

    /** The same call on another object of the class: it keeps the call site, whose null check gives the JDK's message. */
    @Coroutine
    public long onOther(Recursion other, int n) {
        return other.virtualDown(n) + 1;
    }

    /** On {@code this} or another object, chosen by a branch: the walk back meets a jump target and keeps the call site. */
    @Coroutine
    public long onChosen(Recursion other, int n) {
        return (n > 0 ? this : other).virtualDown(n) + 1;
    }
}
