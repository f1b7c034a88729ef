package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 25: suspension points inside {@code finally}, on the normal path and on javac's
 * exceptional copy, where the pending exception lives in a local across the yield and is rethrown
 * afterwards (the same instance); each finally body runs exactly once per exit, and a suspension in
 * the {@code try} does not run it.
 */
public final class YieldInsideFinally {
    public static final List<Object> EXPECTED = List.of(
            "try", "finally-normal", 1,
            "try2", "finally-exceptional", "rethrown:pending", true, 2,
            "callee try", "callee finally", "caller caught:from callee", 3);

    private static int finallyRuns;
    private static Throwable pending;

    @Coroutine
    public static void body() {
        try {
            Coroutines.yield("try");
        } finally {
            finallyRuns++;
            Coroutines.yield("finally-normal");
        }
        Coroutines.yield(finallyRuns);
        try {
            try {
                Coroutines.yield("try2");
                pending = new IllegalStateException("pending");
                throw (IllegalStateException) pending;
            } finally {
                finallyRuns++;
                Coroutines.yield("finally-exceptional");
            }
        } catch (IllegalStateException e) {
            Coroutines.yield("rethrown:" + e.getMessage());
            Coroutines.yield(e == pending);
        }
        Coroutines.yield(finallyRuns);
        try {
            callee();
        } catch (IllegalStateException e) {
            Coroutines.yield("caller caught:" + e.getMessage());
        }
        Coroutines.yield(finallyRuns);
    }

    @Coroutine
    static void callee() {
        try {
            Coroutines.yield("callee try");
            throw new IllegalStateException("from callee");
        } finally {
            finallyRuns++;
            Coroutines.yield("callee finally");
        }
    }
}
