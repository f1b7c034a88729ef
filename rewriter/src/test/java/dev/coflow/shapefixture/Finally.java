package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Supplier;

/**
 * Shape fixture: suspension points (a yield, an armed call) inside {@code try/finally}. javac covers the start of the finally handler
 * (its {@code astore} of the exception) with the handler's own {@code any} entry when a catch block comes before it.
 */
public class Finally {
    static int closed;

    @Coroutine
    public static Object guarded(String s, Supplier<Object> more) {
        try {
            Coroutines.yield(s);
            return more.get();
        } catch (IllegalStateException e) {
            return e;
        } finally {
            closed++;
        }
    }
}
