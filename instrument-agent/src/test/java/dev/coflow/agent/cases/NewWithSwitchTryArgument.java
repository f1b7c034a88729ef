package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 19 as javac emits it: a constructor argument is a switch expression containing
 * {@code try}, so javac spills the operand stack, both uninitialised copies of {@code new Box}
 * included, to locals before the switch and loads them back after it. The copies' stores and loads
 * move with the {@code new}/{@code dup} pair.
 */
public final class NewWithSwitchTryArgument {
    public static final List<Object> EXPECTED = List.of("in switch 2", "in switch 3", "Box[value=one] Box[value=sent] Box[value=caught] x");
    public static final List<Object> SENDS = List.of("sent", "fail");

    record Box(Object value) {
    }

    @Coroutine
    static Box box(int k) {
        return new Box(switch (k) {
            case 1 -> "one";
            default -> {
                try {
                    Object sent = Coroutines.yield("in switch " + k);
                    if ("fail".equals(sent)) {
                        throw new IllegalStateException("fail");
                    }
                    yield sent;
                } catch (IllegalStateException e) {
                    yield "caught";
                }
            }
        });
    }

    @Coroutine
    public static void body() {
        String tail = "x";
        Box one = box(1);
        Box two = box(2);
        Box three = box(3);
        Coroutines.yield(one + " " + two + " " + three + " " + tail);
    }
}
