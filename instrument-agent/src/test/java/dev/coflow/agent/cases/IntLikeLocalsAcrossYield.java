package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 5: {@code boolean}, {@code byte}, {@code char} and {@code short} locals (all {@code int}
 * to the verifier) across a suspension point, at their extreme values, with {@code boolean[]} and
 * {@code byte[]} (both {@code baload}) and {@code ?:} merges of int-like values.
 */
public final class IntLikeLocalsAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "locals", true, (byte) -128, '\uffff', (short) -32768, (byte) 127,
            "arrays", true, (byte) -1,
            "merge", 'b', (short) 200, -56,
            "stack", 'z', (short) 7, "true|-2|q|-5");
    public static final List<Object> SENDS = List.of(
            "-", "-", "-", "-", "-", "-",
            "-", "-", "-",
            false, "-", "-", "-",
            "-", "-", "-");

    @Coroutine
    public static void body() {
        boolean flag = true;
        byte smallest = Byte.MIN_VALUE;
        char highest = Character.MAX_VALUE;
        short lowest = Short.MIN_VALUE;
        byte narrowed = (byte) 383;
        Coroutines.yield("locals");
        Coroutines.yield(flag);
        Coroutines.yield(smallest);
        Coroutines.yield(highest);
        Coroutines.yield(lowest);
        Coroutines.yield(narrowed);
        boolean[] flags = {false, true};
        byte[] bytes = {0, -1};
        Coroutines.yield("arrays");
        Coroutines.yield(flags[1]);
        Coroutines.yield(bytes[1]);
        boolean chooseA = Coroutines.<Boolean>yield("merge");
        char c = chooseA ? 'a' : 'b';
        short s = chooseA ? (short) 100 : (short) 200;
        byte b = (byte) (chooseA ? 100 : 200);
        Coroutines.yield(c);
        Coroutines.yield(s);
        Coroutines.yield((int) b);
        Coroutines.yield("stack");
        Coroutines.yield(pack(flag, (byte) -2, 'q', (short) -5, Coroutines.yield(highest == '\uffff' ? 'z' : 'y'),
                Coroutines.yield((short) 7)));
    }

    static String pack(boolean z, byte b, char c, short s, Object first, Object second) {
        return z + "|" + b + "|" + c + "|" + s;
    }
}
