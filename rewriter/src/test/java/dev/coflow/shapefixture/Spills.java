package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Shape fixture: at the yield, {@code b} and {@code kept} are live; {@code a}, {@code k} and {@code n} are dead. */
public class Spills {
    @Coroutine
    static String spill(String a, String b, long k) {
        int n = a.length() + (int) k;
        long kept = k * 2;
        Object got = Coroutines.yield(b.substring(n));
        return b.concat(String.valueOf(got)).concat(Long.toString(kept));
    }
}
