package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Coroutine bodies made from method handles by {@code MethodHandleProxies.asInterfaceInstance}: a direct handle of a
 * coroutine method runs as the method would (the JDK's frames between only pass the call on); a handle made with a
 * combinator that runs code of the program's own after the method returns ({@code filterReturnValue}) must fail at the
 * yield below it: until 2026-12-08 the filter ran on a dummy value (0) and its result was lost.
 */
public final class MethodHandleRoots {
    private MethodHandleRoots() {
    }

    /** What {@link #filter} was given, when it ran. */
    public static volatile String filterRan = "never";

    @Coroutine
    public static int twice(int a) {
        int sent = Coroutines.yield(a);
        return sent * 2;
    }

    @Coroutine
    public static Object sentPlusOne() {
        int sent = Coroutines.yield("first");
        return sent + 1;
    }

    /** The filter of a {@code filterReturnValue}: code of the program's own that runs after the method returns. */
    public static int filter(int v) {
        filterRan = "on " + v;
        return v * 10;
    }
}
