package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.lang.reflect.Method;

/**
 * Catalogue 44: {@code Method.invoke} of a {@code @Coroutine} method from inside a coroutine, with a
 * yield after it. The reflective frames are not rewritten: the target suspends, {@code invoke}
 * returns {@code null} to the caller as if the target had finished, and the caller reaches its own
 * yield while the target's suspension is still unwinding.
 */
public final class ReflectiveCallInsideCoroutine {
    private ReflectiveCallInsideCoroutine() {
    }

    @Coroutine
    public static String target() {
        Coroutines.yield("inside target");
        return "target done";
    }

    @Coroutine
    public static void body() throws ReflectiveOperationException {
        Method target = ReflectiveCallInsideCoroutine.class.getMethod("target");
        Object result = target.invoke(null);
        Coroutines.yield("after invoke: " + result);
    }
}
