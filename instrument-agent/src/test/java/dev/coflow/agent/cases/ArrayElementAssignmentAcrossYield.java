package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.Arrays;
import java.util.List;

/**
 * Catalogue 2: array stores with the yield as the stored value, {@code arr[i] = yield()}: the array
 * reference and the index wait under the suspension point; an index expression runs once.
 */
public final class ArrayElementAssignmentAcrossYield {
    public static final List<Object> EXPECTED = List.of("int", "[0, 0, 41]", "object", "[null, x]", "indexed", 1, "[0, 0, 0, 7]",
            "grid", "[[0, 0], [0, 9]]", "long", "[0, 123456789012]");
    public static final List<Object> SENDS = List.of(41, "-", "x", "-", 7, "-", "-", 9, "-", 123456789012L);

    private static int indexCalls;

    @Coroutine
    public static void body() {
        int[] ints = new int[3];
        int i = 2;
        ints[i] = Coroutines.<Integer>yield("int");
        Coroutines.yield(Arrays.toString(ints));
        Object[] objects = new Object[2];
        objects[1] = Coroutines.yield("object");
        Coroutines.yield(Arrays.toString(objects));
        int[] more = new int[4];
        more[index()] = Coroutines.<Integer>yield("indexed");
        Coroutines.yield(indexCalls);
        Coroutines.yield(Arrays.toString(more));
        int[][] grid = new int[2][2];
        grid[1][1] = Coroutines.<Integer>yield("grid");
        Coroutines.yield(Arrays.deepToString(grid));
        long[] longs = new long[2];
        longs[1] = Coroutines.<Long>yield("long");
        Coroutines.yield(Arrays.toString(longs));
    }

    static int index() {
        indexCalls++;
        return 3;
    }
}
