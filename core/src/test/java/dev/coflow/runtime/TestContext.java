package dev.coflow.runtime;

/**
 * Test-only: a coroutine's context driven by hand, the way {@code CoroutineHandle} drives it (enter, call
 * or resume, take what was yielded, leave), around hand-written bodies shaped like rewritten code.
 */
final class TestContext extends Context {
    @Override
    protected String describe() {
        return "test coroutine";
    }

    /** A fresh call of a body: returns what it yielded, or {@link #DONE} when it returned without suspending. */
    Object start(java.util.function.Consumer<Context> body) {
        Context previous = enter();
        try {
            body.accept(this);
            return isSuspending() ? takeYielded() : DONE;
        } finally {
            leave(previous);
        }
    }

    /** Resumes the innermost frame: returns what was yielded next, or the outermost frame's boxed result wrapped in {@link Done}. */
    Object send(Object value, Throwable thrown) throws Throwable {
        Context previous = enter();
        try {
            return runFrames(value, thrown) ? takeYielded() : new Done(takeRootResult());
        } finally {
            leave(previous);
        }
    }

    static final Object DONE = new Object();

    record Done(Object result) {
    }
}
