package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;

/**
 * A coroutine that resumes its own handle while it runs: the inner {@code next()} fails with
 * "already running" and changes nothing, so the body can catch it and go on.
 */
public final class ResumedFromInsideItself {
    private ResumedFromInsideItself() {
    }

    @Coroutine
    public static void body(java.util.concurrent.atomic.AtomicReference<CoroutineHandle<Object, Object>> self) {
        Coroutines.yield(1);
        try {
            self.get().next();
            Coroutines.yield("resumed itself");
        } catch (IllegalStateException e) {
            Coroutines.yield(e.getMessage());
        }
        Coroutines.yield(2);
    }
}
