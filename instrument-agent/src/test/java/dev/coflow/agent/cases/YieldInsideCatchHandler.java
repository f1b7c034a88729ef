package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 24: suspension points inside a {@code catch} handler: the caught exception lives in a
 * local across them and {@code throw e} afterwards rethrows the same instance; a multi-catch handler;
 * a {@code try}/{@code catch} nested inside a handler.
 */
public final class YieldInsideCatchHandler {
    public static final List<Object> EXPECTED = List.of(
            "in handler", "first", "same instance:true",
            "multi", "multi:IllegalArgumentException", "multi", "multi:IllegalStateException",
            "nested", "inner:second after outer:first-again");

    private static Throwable saved;

    @Coroutine
    public static void body() {
        try {
            try {
                throw new IllegalStateException("first");
            } catch (IllegalStateException e) {
                saved = e;
                Coroutines.yield("in handler");
                Coroutines.yield(e.getMessage());
                throw e;
            }
        } catch (IllegalStateException rethrown) {
            Coroutines.yield("same instance:" + (rethrown == saved));
        }
        for (int i = 0; i < 2; i++) {
            try {
                if (i == 0) {
                    throw new IllegalArgumentException();
                }
                throw new IllegalStateException();
            } catch (IllegalArgumentException | IllegalStateException e) {
                Coroutines.yield("multi");
                Coroutines.yield("multi:" + e.getClass().getSimpleName());
            }
        }
        try {
            throw new IllegalStateException("first-again");
        } catch (IllegalStateException outer) {
            try {
                Coroutines.yield("nested");
                throw new UnsupportedOperationException("second");
            } catch (UnsupportedOperationException inner) {
                Coroutines.yield("inner:" + inner.getMessage() + " after outer:" + outer.getMessage());
            }
        }
    }
}
