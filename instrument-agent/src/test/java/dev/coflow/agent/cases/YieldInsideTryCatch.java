package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 23: suspension points inside {@code try}: the handler still covers the code after the
 * resume (an exception thrown after one, two or three resumes is caught), and with several catch
 * clauses the first matching one in source order handles it.
 */
public final class YieldInsideTryCatch {
    public static final List<Object> EXPECTED = List.of(
            1, "caught:boom", 2,
            "in try", "still in try", "caught:NumberFormatException",
            "which", "IllegalArgumentException clause", "which", "RuntimeException clause", "which", "Exception clause",
            "which", "no exception");

    @Coroutine
    public static void body() {
        try {
            Coroutines.yield(1);
            throw new IllegalStateException("boom");
        } catch (IllegalStateException e) {
            Coroutines.yield("caught:" + e.getMessage());
        }
        Coroutines.yield(2);
        try {
            Coroutines.yield("in try");
            Coroutines.yield("still in try");
            Integer.parseInt("not a number");
            Coroutines.yield("not reached");
        } catch (NumberFormatException e) {
            Coroutines.yield("caught:" + e.getClass().getSimpleName());
        }
        for (int kind = 0; kind < 4; kind++) {
            try {
                Coroutines.yield("which");
                fail(kind);
                Coroutines.yield("no exception");
            } catch (IllegalArgumentException e) {
                Coroutines.yield("IllegalArgumentException clause");
            } catch (RuntimeException e) {
                Coroutines.yield("RuntimeException clause");
            } catch (Exception e) {
                Coroutines.yield("Exception clause");
            }
        }
    }

    static void fail(int kind) throws Exception {
        switch (kind) {
            case 0: throw new IllegalArgumentException();
            case 1: throw new UnsupportedOperationException();
            case 2: throw new java.io.IOException();
            default: break;
        }
    }
}
