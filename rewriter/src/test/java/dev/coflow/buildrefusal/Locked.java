package dev.coflow.buildrefusal;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A yield in a synchronized block: refused, and the refusal names this file and line. */
public final class Locked {
    private static final Object LOCK = new Object();

    private Locked() {
    }

    @Coroutine
    static void locked() {
        synchronized (LOCK) {
            Coroutines.yield("inside"); // LINE-OF-REFUSAL
        }
    }
}
