package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Catalogue 35 and 48 (the harmless side): lambdas inside a coroutine that neither yield nor call a
 * coroutine method stay plain methods, and library code that calls them (streams, {@code forEach},
 * a comparator) runs between yields as usual. Their results live across the yields.
 */
public final class NonSuspendingLambdasInCoroutine {
    public static final List<Object> EXPECTED = List.of("start", "[2, 4, 6]", "sorted [c, bb, aaa]", "seen 3");

    @Coroutine
    public static void body() {
        List<Integer> numbers = List.of(1, 2, 3);
        Coroutines.yield("start");
        List<Integer> doubled = numbers.stream().map(x -> x * 2).collect(Collectors.toList());
        Coroutines.yield(doubled.toString());
        List<String> words = new java.util.ArrayList<>(List.of("aaa", "c", "bb"));
        words.sort((a, b) -> Integer.compare(a.length(), b.length()));
        Coroutines.yield("sorted " + words);
        int[] seen = new int[1];
        words.forEach(w -> seen[0]++);
        Coroutines.yield("seen " + seen[0]);
    }
}
