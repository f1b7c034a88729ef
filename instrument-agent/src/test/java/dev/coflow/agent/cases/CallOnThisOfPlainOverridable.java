package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * A coroutine method calls, on {@code this}, an overridable {@code @Coroutine} method of its own class that makes no call
 * that may suspend, so it is not rewritten and has no virtual entry: the call is armed for the receiver's class and calls
 * the method itself ({@code DirectCallPass}, design.md "Suspendable libraries", item 8). On the base class it runs the
 * plain method; on a subclass that overrides it with one that yields, the same call suspends in the override and the
 * caller goes on with what the override returned.
 */
public class CallOnThisOfPlainOverridable {
    public static final List<Object> EXPECTED = List.of("base 6", "override 1", "override 3", "sub 40", "chosen 2 then 7");

    /** Nothing in it may suspend: not rewritten. */
    @Coroutine
    public int step(int x) {
        return x + 1;
    }

    /** Two calls of {@link #step} on {@code this}, the second with a value of the first on the stack beneath it. */
    @Coroutine
    public int twice(int x) {
        return step(x) + step(x + 2);
    }

    /** The same call on a receiver chosen by a branch: a call site, not the call on {@code this}. */
    @Coroutine
    public String chosen(CallOnThisOfPlainOverridable other, boolean mine) {
        int a = (mine ? this : other).step(1);
        return "chosen " + a + " then " + step(6);
    }

    static final class Yielding extends CallOnThisOfPlainOverridable {
        @Override
        @Coroutine
        public int step(int x) {
            Coroutines.yield("override " + x);
            return x * 10;
        }
    }

    @Coroutine
    public static void body() {
        Coroutines.yield("base " + new CallOnThisOfPlainOverridable().twice(1));
        Coroutines.yield("sub " + new Yielding().twice(1));
        Coroutines.yield(new CallOnThisOfPlainOverridable().chosen(new Yielding(), true));
    }
}
