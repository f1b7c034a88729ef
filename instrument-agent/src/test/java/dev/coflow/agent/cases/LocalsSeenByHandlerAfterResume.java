package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 23: locals assigned inside {@code try} between suspension points and read only by the
 * {@code catch} handler: they are live across each yield through the handler edge alone, so the
 * handler sees the values of the latest assignment when a callee throws after the resumes.
 */
public final class LocalsSeenByHandlerAfterResume {
    public static final List<Object> EXPECTED = List.of("step", "step", "step", "handler sees 3 three 3.5 30000000000");

    @Coroutine
    public static void body() {
        int count = 0;
        String name = "zero";
        double fraction = 0;
        long big = 0;
        try {
            count = 1;
            name = "one";
            Coroutines.yield("step");
            count = 2;
            name = "two";
            fraction = 2.5;
            Coroutines.yield("step");
            count = 3;
            name = "three";
            fraction = 3.5;
            big = 30_000_000_000L;
            Coroutines.yield("step");
            fail();
        } catch (IllegalStateException e) {
            Coroutines.yield("handler sees " + count + " " + name + " " + fraction + " " + big);
        }
    }

    static void fail() {
        throw new IllegalStateException();
    }
}
