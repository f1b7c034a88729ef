package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Shape fixture. {@code spill}: at the yield, {@code b} and {@code kept} are live; {@code a}, {@code k} and {@code n}
 * are dead. {@code stacked}: {@code base} waits on the operand stack below the yield, and {@code none} is live but
 * always {@code null}. {@code phases}: three yields, each with fewer values live across it.
 */
public class Spills {
    @Coroutine
    static String spill(String a, String b, long k) {
        int n = a.length() + (int) k;
        long kept = k * 2;
        Object got = Coroutines.yield(b.substring(n));
        return b.concat(String.valueOf(got)).concat(Long.toString(kept));
    }

    @Coroutine
    static long stacked(long base, String s) {
        Object none = null;
        long r = base + ((String) Coroutines.yield(s)).length();
        return r + (none == null ? 0 : 1);
    }

    @Coroutine
    static int phases(String a, String b, int x) {
        Coroutines.yield(a);
        int y = a.length() + x;
        Coroutines.yield(b);
        int z = b.length() + y;
        Coroutines.yield(null);
        return z;
    }
}
