package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 29: exceptions thrown after a resume by a coroutine callee (which suspended first), by a
 * plain callee, and through a middle coroutine frame whose {@code finally} suspends: they propagate
 * through the restored handlers of every frame of the chain, and the caller sees the same instance.
 */
public final class ExceptionFromCalleeAfterResume {
    public static final List<Object> EXPECTED = List.of(
            "callee", "caught:from callee same:true",
            "plain", "caught:from plain",
            "leaf", "middle finally", "caught at root:from leaf same:true", "after");

    private static RuntimeException thrown;

    @Coroutine
    public static void body() {
        try {
            throwingCallee();
            Coroutines.yield("not reached");
        } catch (IllegalStateException e) {
            Coroutines.yield("caught:" + e.getMessage() + " same:" + (e == thrown));
        }
        try {
            Coroutines.yield("plain");
            plain();
        } catch (IllegalArgumentException e) {
            Coroutines.yield("caught:" + e.getMessage());
        }
        try {
            middle();
        } catch (UnsupportedOperationException e) {
            Coroutines.yield("caught at root:" + e.getMessage() + " same:" + (e == thrown));
        }
        Coroutines.yield("after");
    }

    @Coroutine
    static int throwingCallee() {
        Coroutines.yield("callee");
        thrown = new IllegalStateException("from callee");
        throw thrown;
    }

    static void plain() {
        throw new IllegalArgumentException("from plain");
    }

    @Coroutine
    static String middle() {
        try {
            return leaf();
        } finally {
            Coroutines.yield("middle finally");
        }
    }

    @Coroutine
    static String leaf() {
        Coroutines.yield("leaf");
        thrown = new UnsupportedOperationException("from leaf");
        throw thrown;
    }
}
