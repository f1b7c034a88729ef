package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 35/39: a lambda called through an {@code @Coroutine} functional interface from inside a
 * coroutine. The frame that suspends is {@code lambda$body$0}, not {@code run}: calls through an
 * interface accept any callee frame.
 */
public final class LambdaThroughCoroutineInterface {
    public static final List<Object> EXPECTED = List.of("a", "b", "c", "after 7", "twice x");

    public interface Step {
        @Coroutine
        int run(String label);
    }

    @Coroutine
    static int twice(String label) {
        Coroutines.yield("twice " + label);
        return 2;
    }

    @Coroutine
    public static void body() {
        int offset = 5;
        Step step = label -> {
            Coroutines.yield(label);
            return label.length() + offset;
        };
        int a = step.run("a");
        Coroutines.yield("b");
        int c = step.run("c");
        Coroutines.yield("after " + (a + c - offset - offset + 5));
        Step reference = LambdaThroughCoroutineInterface::twice;
        reference.run("x");
    }
}
