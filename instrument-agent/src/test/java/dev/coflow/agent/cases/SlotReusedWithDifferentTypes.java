package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 8: the same local slots reused by variables of different types in sibling scopes
 * ({@code String}, then {@code int}, then {@code double}, then {@code long[]}), each live across its
 * own suspension point.
 */
public final class SlotReusedWithDifferentTypes {
    public static final List<Object> EXPECTED = List.of("string", "text", "int", 42, "double", 6.5, "array", 77L, "done");

    @Coroutine
    public static void body() {
        {
            String s = "text";
            Coroutines.yield("string");
            Coroutines.yield(s);
        }
        {
            int i = 42;
            Coroutines.yield("int");
            Coroutines.yield(i);
        }
        {
            double d = 6.5;
            Coroutines.yield("double");
            Coroutines.yield(d);
        }
        {
            long[] a = {77L};
            Coroutines.yield("array");
            Coroutines.yield(a[0]);
        }
        Coroutines.yield("done");
    }
}
