package dev.coflow.agent.refusals;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Catalogue 31: nested monitors. A yield in the inner block, and a yield in the outer block after
 * the inner one has been released, are both refused; a yield after both are released is not, and
 * neither is a method whose nested monitors hold nothing that suspends.
 */
public final class NestedMonitors {
    private static final Object OUTER = new Object();
    private static final Object INNER = new Object();

    @Coroutine
    public static void yieldInInner() {
        synchronized (OUTER) {
            synchronized (INNER) {
                Coroutines.yield("inner"); // refused: yieldInInner
            }
        }
    }

    @Coroutine
    public static void yieldInOuterAfterInner() {
        String s;
        synchronized (OUTER) {
            synchronized (INNER) {
                s = "outer";
            }
            Coroutines.yield(s); // refused: yieldInOuterAfterInner
        }
    }

    @Coroutine
    public static void yieldAfterBoth() {
        String s;
        synchronized (OUTER) {
            synchronized (INNER) {
                s = "after";
            }
        }
        Coroutines.yield(s);
    }
}
