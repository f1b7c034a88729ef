package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * A lambda that only forwards to one coroutine call and returns its result ({@code () -> name(3)})
 * keeps no frame of its own (see {@code MethodPlanner.isPureForwarder}): the callee's frame takes
 * its place, and the callee's result, reference or {@code void}, must still reach whoever called the
 * lambda — the handle at the root, or a rewritten method calling it through its interface. A lambda
 * whose call is inside a try block, or that does anything after the call, keeps its frame; an
 * exception thrown in must run its handler.
 */
public final class ForwardingLambdasKeepNoFrame {
    public static final List<Object> EXPECTED = List.of(
            "n3", "n2", "n1", "name 3",
            "v2", "v1", "after void",
            "t1", "caught thrown in", "kept 5",
            "i4", "i3", "via interface i2");

    @Coroutine
    static String name(int n) {
        for (int i = n; i > 0; i--) {
            Coroutines.yield("n" + i);
        }
        return "name " + n;
    }

    @Coroutine
    static void noValue(int n) {
        for (int i = n; i > 0; i--) {
            Coroutines.yield("v" + i);
        }
    }

    @Coroutine
    static String guarded(int n) {
        Coroutines.yield("t" + n);
        return "not reached";
    }

    @Coroutine
    static String viaInterface(int n) {
        Coroutines.yield("i" + n);
        Coroutines.yield("i" + (n - 1));
        return "via interface i" + (n - 2);
    }

    /** A coroutine interface: a rewritten caller calls the lambda through it. */
    @FunctionalInterface
    interface Step {
        @Coroutine
        String run(int n);
    }

    @Coroutine
    static String callThrough(Step step, int n) {
        return step.run(n);
    }

    @Coroutine
    public static void body() {
        String named = Coroutines.yieldFrom(Coroutines.create(() -> name(3)));
        Coroutines.yield(named);

        Coroutines.yieldFrom(Coroutines.create(() -> noValue(2)));
        Coroutines.yield("after void");

        CoroutineHandle<Object, String> guardedHandle = Coroutines.create(() -> {
            try {
                return guarded(1);
            } catch (IllegalStateException e) {
                return "caught " + e.getMessage();
            }
        });
        Coroutines.yield(guardedHandle.next());
        try {
            guardedHandle.throwIn(new IllegalStateException("thrown in"));
        } catch (dev.coflow.StopIteration stop) {
            Coroutines.yield(stop.value());
        }
        int five = 5;
        Coroutines.yield("kept " + five);

        Coroutines.yield(Coroutines.yieldFrom(Coroutines.create(() -> callThrough(m -> viaInterface(m), 4))));
    }
}
