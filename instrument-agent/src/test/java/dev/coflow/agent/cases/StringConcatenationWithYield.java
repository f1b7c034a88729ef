package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 51: string concatenation with a yield among its operands, {@code "a" + x + yield() + 2L},
 * which javac 9+ compiles to one {@code invokedynamic makeConcatWithConstants} whose operands
 * (including a {@code long} and a {@code double}) are all on the stack at the suspension point; and
 * {@code s += ":" + yield()} inside a for-each over an array (ea-async #42).
 */
public final class StringConcatenationWithYield {
    public static final List<Object> EXPECTED = List.of("first", "second", "item", "item", "item", "a7-sent-2|1.5|sent-3", ":1p:2q:3r");
    /** The value sent in answer to each yield above, in order. */
    public static final List<Object> SENDS = List.of("-sent-", "sent-", "p", "q", "r");

    @Coroutine
    public static void body() {
        int x = 7;
        long big = 2L;
        double d = 1.5;
        String first = "a" + x + Coroutines.yield("first") + big + "|" + d + "|" + Coroutines.<String>yield("second") + 3;
        String s = "";
        for (String part : new String[] {"1", "2", "3"}) {
            s += ":" + part + Coroutines.yield("item");
        }
        Coroutines.yield(first);
        Coroutines.yield(s);
    }
}
