package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 26: catch-all handlers ({@code catch (Throwable)}, {@code finally}) around suspension points
 * here and in a callee: suspending is not an exception they see, so they neither catch anything nor
 * run cleanup per suspension; they still catch a real exception after the resumes.
 */
public final class CatchAllAroundYield {
    public static final List<Object> EXPECTED = List.of(
            "a", "b", "c", "caught:0", "finally:1",
            "callee", "callee", "finally:2",
            "real", "caught:1 IllegalStateException", "finally:3");

    private static int caught;
    private static int finallyRuns;

    @Coroutine
    public static void body() {
        try {
            try {
                Coroutines.yield("a");
                Coroutines.yield("b");
                Coroutines.yield("c");
            } catch (Throwable t) {
                caught++;
                Coroutines.yield("caught by mistake:" + t);
            }
            Coroutines.yield("caught:" + caught);
        } finally {
            finallyRuns++;
        }
        Coroutines.yield("finally:" + finallyRuns);
        try {
            twice();
        } catch (Throwable t) {
            caught++;
        } finally {
            finallyRuns++;
        }
        Coroutines.yield("finally:" + finallyRuns);
        try {
            Coroutines.yield("real");
            throw new IllegalStateException();
        } catch (Throwable t) {
            caught++;
            Coroutines.yield("caught:" + caught + " " + t.getClass().getSimpleName());
        } finally {
            finallyRuns++;
        }
        Coroutines.yield("finally:" + finallyRuns);
    }

    @Coroutine
    static void twice() {
        try {
            Coroutines.yield("callee");
            Coroutines.yield("callee");
        } catch (Throwable t) {
            caught++;
        }
    }
}
