package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Supplier;

/** Shape fixture: calls of coroutine methods that cannot suspend (quiet) and calls that may, side by side. */
public class Quiet {
    @Coroutine
    public Object overridable(int x) {
        return x;
    }

    @Coroutine
    public final Object finalQuiet(int x) {
        return x + 1;
    }

    @Coroutine
    public Object caller(int x, Supplier<Object> more) {
        int a = QuietHelpers.helper(x);                    // quiet: static, and helper calls only leaf
        Object b = QuietHelpers.yieldsThroughStatic(a);    // may suspend: static, but reaches a yield
        Object c = overridable(x);                         // may suspend: virtual (a subclass may yield)
        Object d = finalQuiet(x);                          // quiet: final, calls nothing
        int e = QuietHelpers.recursive(x);                 // may suspend: recursion is never proven quiet
        int f = QuietHelpers.mutualA(x);                   // may suspend: likewise
        Object g = more.get();                             // may suspend: through an interface
        Object h = Coroutines.yield(b);
        return "" + a + b + c + d + e + f + g + h;
    }

    /** Every call quiet: not rewritten at all. */
    @Coroutine
    public static int onlyQuiet(int x) {
        return QuietHelpers.helper(x) + QuietHelpers.leaf(x);
    }
}
