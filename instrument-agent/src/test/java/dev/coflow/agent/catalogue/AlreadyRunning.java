package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.concurrent.atomic.AtomicReference;

/** IllegalStateException "already running": a coroutine that resumes itself; fixed by yielding to its caller. */
public final class AlreadyRunning {
    private AlreadyRunning() {
    }

    public static final class Broken {
        @Coroutine
        public static Object body(AtomicReference<CoroutineHandle<Object, Object>> self) {
            Coroutines.yield(1);
            Object second = self.get().next(); // resumes itself
            Coroutines.yield(second);
            return "done";
        }
    }

    /** Fix applied: the value goes to the caller with a yield; the caller resumes it. */
    public static final class Fixed {
        @Coroutine
        public static Object body(AtomicReference<CoroutineHandle<Object, Object>> self) {
            Coroutines.yield(1);
            Coroutines.yield(2);
            return "done";
        }
    }
}
