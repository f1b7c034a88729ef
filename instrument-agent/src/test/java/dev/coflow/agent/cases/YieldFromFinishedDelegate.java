package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.util.Arrays;
import java.util.List;

/**
 * yieldFrom on a delegate that already finished (with a return value) evaluates to null at once, as
 * Python's {@code yield from} on an exhausted generator; the old return value is not reported again.
 */
public final class YieldFromFinishedDelegate {
    public static final List<Object> EXPECTED = Arrays.asList("delegate stopped with done", null);

    @Coroutine
    static String delegate() {
        Coroutines.yield("inner");
        return "done";
    }

    @Coroutine
    public static void body() {
        CoroutineHandle<Object, Object> finished = Coroutines.create(() -> delegate());
        finished.next();
        try {
            finished.next();
        } catch (StopIteration stop) {
            Coroutines.yield("delegate stopped with " + stop.value());
        }
        Object again = Coroutines.yieldFrom(finished);
        Coroutines.yield(again);
    }
}
