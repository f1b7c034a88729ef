package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 13: suspension points in one arm of {@code ?:} (values already on the stack under the
 * conditional), in the condition ({@code (x = yield()) > 0 ? ... : ...}), and in both arms.
 */
public final class YieldInsideConditionalExpression {
    public static final List<Object> EXPECTED = List.of(
            "then-arm", 15, 7, "condition", "positive:3", "condition", "non-positive:-4",
            "left", "l-sent", "right", "r-sent", "then-arm", "prefix:then-arm-value");
    public static final List<Object> SENDS = List.of(10, "-", "-", 3, "-", -4, "-", "l-sent", "-", "r-sent", "-", "then-arm-value");

    @Coroutine
    public static void body() {
        int base = 5;
        boolean yes = base > 0;
        Coroutines.yield(base + (yes ? Coroutines.<Integer>yield("then-arm") : 0));
        Coroutines.yield(base + (!yes ? Coroutines.<Integer>yield("never") : 2));
        for (int round = 0; round < 2; round++) {
            int x;
            Coroutines.yield((x = Coroutines.<Integer>yield("condition")) > 0 ? "positive:" + x : "non-positive:" + x);
        }
        for (int round = 0; round < 2; round++) {
            Object picked = round == 0 ? Coroutines.yield("left") : Coroutines.yield("right");
            Coroutines.yield(picked);
        }
        Coroutines.yield(concat("prefix:", yes ? Coroutines.<String>yield("then-arm") : "else"));
    }

    static String concat(String a, String b) {
        return a + b;
    }
}
