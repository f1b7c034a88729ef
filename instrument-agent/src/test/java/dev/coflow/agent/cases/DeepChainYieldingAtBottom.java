package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 43: a deep chain of coroutine frames that yields at the bottom 50 times, then returns a
 * value through every frame (each adds its depth). Only the first descent runs on the thread's
 * stack; each later resume calls only the innermost frame, and the return path is driven by the
 * runtime's loop, not by recursion.
 *
 * <p>The catalogue asks for 10,000 frames; that overflows the default 1 MB stack of a Surefire fork.
 * Measured on JDK 17 with {@code -Xverify:all} by a binary search over this same recursion, run
 * through reflection inside a coroutine as the harness does, in a freshly loaded (so interpreted)
 * class: the rewritten chain reaches 3,965 levels, the same recursion not rewritten 7,754; once the
 * JIT has compiled both, 4,842 and 11,632. Each level costs two JVM frames while descending (the
 * bridge and the body with its two extra parameters), hence the reduction to about half. This
 * fixture uses 3,000 levels, which leaves room for the test framework's own frames.
 */
public final class DeepChainYieldingAtBottom {
    static final int DEPTH = 3_000;
    static final int YIELDS = 50;

    public static final List<Object> EXPECTED = expected();

    @Coroutine
    static long descend(int depth) {
        if (depth == 0) {
            long sum = 0;
            for (int i = 0; i < YIELDS; i++) {
                sum += i;
                Coroutines.yield(i);
            }
            return sum;
        }
        return descend(depth - 1) + depth;
    }

    @Coroutine
    public static void body() {
        long total = descend(DEPTH);
        Coroutines.yield("total " + total);
    }

    private static List<Object> expected() {
        List<Object> values = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < YIELDS; i++) {
            values.add(i);
            sum += i;
        }
        values.add("total " + (sum + (long) DEPTH * (DEPTH + 1) / 2));
        return List.copyOf(values);
    }
}
