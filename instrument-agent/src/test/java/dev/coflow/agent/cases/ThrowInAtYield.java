package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 27: an exception injected at a suspension point ({@code throwIn}, {@code close}) in a
 * chain of three coroutine frames, each with its own handlers. Driven with plain {@code next()} here;
 * {@code ThrowInAtYieldTest} injects exceptions at each yield and checks which handlers and
 * {@code finally} blocks ran, in order, once each.
 */
public final class ThrowInAtYield {
    public static final List<Object> EXPECTED = List.of("inner", "inner done", "outer done");
    public static final Object RESULT = "normal";
    /** What the handlers and finally blocks did, in order. */
    public static final List<String> LOG = new ArrayList<>();
    /** The exception the root's handler caught. */
    public static Throwable caughtAtRoot;

    @Coroutine
    public static String body() {
        try {
            return outer();
        } catch (IllegalStateException e) {
            caughtAtRoot = e;
            LOG.add("body caught " + e.getMessage());
            Coroutines.yield("after catch");
            return "caught";
        }
    }

    @Coroutine
    static String outer() {
        try {
            String result = inner();
            Coroutines.yield("outer done");
            return result;
        } finally {
            LOG.add("outer finally");
        }
    }

    @Coroutine
    static String inner() {
        try {
            Coroutines.yield("inner");
        } catch (IllegalArgumentException e) {
            LOG.add("inner caught " + e.getMessage());
            Coroutines.yield("recovered");
        } finally {
            LOG.add("inner finally");
        }
        Coroutines.yield("inner done");
        return "normal";
    }
}
