package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 25: {@code break} and {@code continue} leaving a {@code try} whose {@code finally}
 * suspends (javac copies the finally body onto each exit), and a labelled {@code break} out of two
 * nested loops through two such {@code finally} blocks, run inner first, once each.
 */
public final class BreakAndContinueThroughFinally {
    public static final List<Object> EXPECTED = List.of(
            "body0", "finally0", "finally1", "body2", "finally2", "finally3", "after loop:3",
            "inner0.0", "inner finally0.0", "outer finally0", "inner finally1.0", "outer finally1", "after labelled break");

    @Coroutine
    public static void body() {
        int i;
        for (i = 0; i < 5; i++) {
            try {
                if (i == 1) {
                    continue;
                }
                if (i == 3) {
                    break;
                }
                Coroutines.yield("body" + i);
            } finally {
                Coroutines.yield("finally" + i);
            }
        }
        Coroutines.yield("after loop:" + i);
        outer:
        for (int a = 0; a < 3; a++) {
            try {
                for (int b = 0; b < 3; b++) {
                    try {
                        if (a == 1) {
                            break outer;
                        }
                        Coroutines.yield("inner" + a + "." + b);
                        break;
                    } finally {
                        Coroutines.yield("inner finally" + a + "." + b);
                    }
                }
            } finally {
                Coroutines.yield("outer finally" + a);
            }
        }
        Coroutines.yield("after labelled break");
    }
}
