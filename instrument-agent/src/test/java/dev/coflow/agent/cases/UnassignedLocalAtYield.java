package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 8: a local declared before a suspension point but assigned only after it (its slot is
 * {@code top} there), on one branch or both, and a local assigned on only one path into the yield.
 */
public final class UnassignedLocalAtYield {
    public static final List<Object> EXPECTED = List.of("before", "from-b", "one-path", "assigned", "loop", 0, 1, 2, "x2");
    public static final List<Object> SENDS = List.of(false, "-", true, "-", "-", "-", "-", "-");

    @Coroutine
    public static void body() {
        Object x;
        if (Coroutines.<Boolean>yield("before")) {
            x = "from-a";
        } else {
            x = "from-b";
        }
        Coroutines.yield(x);
        String y;
        if (Coroutines.<Boolean>yield("one-path")) {
            y = "assigned";
            Coroutines.yield(y);
        }
        Coroutines.yield("loop");
        String last = null;
        for (int i = 0; i < 3; i++) {
            String inLoop;
            Coroutines.yield(i);
            inLoop = "x" + i;
            last = inLoop;
        }
        Coroutines.yield(last);
    }
}
