package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 1: a switch expression containing {@code try} as a call argument: javac spills the
 * arguments already evaluated ({@code a}, {@code 7}) into locals before the switch, so at the yield
 * inside the {@code try} they are locals, not stack values; a handler in the switch catches an
 * exception from a callee after the resume. (javac 17 itself crashes when a {@code long} is among the
 * spilled values, so this shape uses an {@code int}.)
 */
public final class ValuesOnStackAcrossSwitchExpressionWithTry {
    public static final List<Object> EXPECTED = List.of("in switch", "a|7|sent", "in switch", "a|7|caught:bad");
    public static final List<Object> SENDS = List.of("sent", "-", "bad");

    @Coroutine
    public static void body() {
        String a = "a";
        for (int k = 0; k < 2; k++) {
            Coroutines.yield(join(a, 7, switch (k) {
                case 5 -> "five";
                default -> {
                    try {
                        yield check(Coroutines.yield("in switch"));
                    } catch (IllegalArgumentException e) {
                        yield "caught:" + e.getMessage();
                    }
                }
            }));
        }
    }

    static String check(Object sent) {
        if (sent.equals("bad")) {
            throw new IllegalArgumentException("bad");
        }
        return (String) sent;
    }

    static String join(String a, int b, String c) {
        return a + "|" + b + "|" + c;
    }
}
