package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 11: one object in several locals and several times on the stack at a suspension point,
 * and constants: identities survive (restored copies are the same object, not equal copies).
 */
public final class SameValueInSeveralSlots {
    public static final List<Object> EXPECTED = List.of("locals", true, true, "stack", "same:true,true", "constants", "5|5|x|x|true");
    public static final List<Object> SENDS = List.of("-", "-", "-", "s", "-", "c");

    @Coroutine
    public static void body() {
        Object o = new Object();
        Object p = o;
        Object[] holder = {o};
        Coroutines.yield("locals");
        Coroutines.yield(o == p);
        Coroutines.yield(holder[0] == p);
        Coroutines.yield(same(o, o, p, Coroutines.yield("stack")));
        int five = 5;
        int alsoFive = five;
        String x = "x";
        String alsoX = x;
        Coroutines.yield(constants(five, alsoFive, x, alsoX, Coroutines.yield("constants")));
    }

    static String same(Object a, Object b, Object c, Object sent) {
        return "same:" + (a == b) + "," + (b == c);
    }

    static String constants(int a, int b, String c, String d, Object sent) {
        return a + "|" + b + "|" + c + "|" + d + "|" + (c == d && sent.equals("c"));
    }
}
