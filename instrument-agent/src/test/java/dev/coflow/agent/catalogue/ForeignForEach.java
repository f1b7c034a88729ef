package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/** A yield in a JDK callback (List.forEach): fixed with a plain loop. */
public final class ForeignForEach {
    private ForeignForEach() {
    }

    public static final class Broken {
        @Coroutine
        public static Object body() {
            List.of(1, 2, 3).forEach(x -> Coroutines.yield(x * 10));
            return "done";
        }
    }

    public static final class Fixed {
        @Coroutine
        public static Object body() {
            for (int x : List.of(1, 2, 3)) {
                Coroutines.yield(x * 10);
            }
            return "done";
        }
    }
}
