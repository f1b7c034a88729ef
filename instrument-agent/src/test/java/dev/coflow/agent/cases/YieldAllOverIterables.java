package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;
import java.util.stream.IntStream;

/** PEP 380 over plain iterables: {@code Coroutines.yieldAll} yields each element, locals live across it. */
public final class YieldAllOverIterables {
    public static final List<Object> EXPECTED = List.of("a", "b", 0, 1, 2, "done 7");

    @Coroutine
    static void inner(List<String> letters) {
        Coroutines.yieldAll(letters);
        Coroutines.yieldAll(List.of());
    }

    @Coroutine
    public static void body() {
        long kept = 7;
        inner(List.of("a", "b"));
        Iterable<Integer> range = () -> IntStream.range(0, 3).boxed().iterator();
        Coroutines.yieldAll(range);
        Coroutines.yield("done " + kept);
    }
}
