package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 28: a {@code null} receiver under a suspension point ({@code s.concat(yield())} with
 * {@code s == null}): the {@code NullPointerException} the original code throws when the call runs,
 * after the resume, is preserved and caught by the user's handler; the same for a {@code null} array.
 */
public final class NullReceiverUnderYield {
    public static final List<Object> EXPECTED = List.of("receiver", "npe after resume", "array", "npe on array store", "after");
    public static final List<Object> SENDS = List.of("x", "-", 5);

    @Coroutine
    public static void body() {
        String s = null;
        try {
            s.concat(Coroutines.yield("receiver"));
            Coroutines.yield("not reached");
        } catch (NullPointerException e) {
            Coroutines.yield("npe after resume");
        }
        int[] missing = null;
        try {
            missing[0] = Coroutines.<Integer>yield("array");
        } catch (NullPointerException e) {
            Coroutines.yield("npe on array store");
        }
        Coroutines.yield("after");
    }
}
