package dev.coflow.agent.plainroot;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine whose body is a reference to a plain method (not rewritten: it has no suspension point), which
 * hands a lambda to library code that calls it back through the same interface the handle called the body
 * through ({@code Runnable.run}). The lambda yields. The handle armed the body's first call; the plain method
 * took nothing, so the lambda, called further down, must not take that key as its own: the yield must fail
 * there, before the library goes on (found by the transparency corpus: Guava's testers under JUnit's
 * {@code assertThrows}, where the lost exception read "nothing was thrown").
 */
public final class PlainRoot {
    public static final List<String> LOG = new ArrayList<>();

    private PlainRoot() {
    }

    static void plain() {
        LOG.add("root");
        Library.call(() -> {
            LOG.add("lambda before yield");
            Coroutines.yield("from the callback");
            LOG.add("lambda after yield");
        });
        LOG.add("root after library");
    }

    /** The handle, made here as a user would: a method reference to the plain method. */
    public static CoroutineHandle<Object, Object> handle() {
        return Coroutines.create(PlainRoot::plain);
    }

    /** The same through a lambda that calls the plain method: the lambda has no suspension point, so it is not rewritten either. */
    public static CoroutineHandle<Object, Object> handleThroughLambda() {
        return Coroutines.create(() -> plain());
    }
}
