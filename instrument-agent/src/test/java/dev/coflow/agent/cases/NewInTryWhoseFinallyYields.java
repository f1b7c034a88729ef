package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * javac spills both uninitialised copies of {@code new Box} to locals before a constructor argument that is a switch
 * expression containing {@code try} (as in {@link NewWithSwitchTryArgument}), and the copies stay in those locals,
 * dead, after the constructor call. Here the {@code new} sits in a {@code try} whose {@code finally} yields: the
 * finally's catch-all handler covers the spill, so on some paths into it (and into its yield) those locals hold the
 * object under construction. They are dead there, so nothing needs saving; until 2026-12-07 the rewriter counted them
 * and refused the method (UNINITIALIZED_ACROSS_SUSPENSION, with a fix that blamed a bytecode generator). {@code box(4)}
 * throws out of the switch, through the finally's handler and its yield.
 */
public final class NewInTryWhoseFinallyYields {
    public static final List<Object> EXPECTED = List.of("fin 1", "fin 2", "fin 3", "fin 4",
            "Box[value=one] Box[value=k2] Box[value=caught] four");

    record Box(Object value) {
    }

    @Coroutine
    static Box box(int k) {
        Box made = null;
        try {
            made = new Box(switch (k) {
                case 1 -> "one";
                default -> {
                    try {
                        if (k == 3) {
                            throw new IllegalStateException("three");
                        }
                        if (k == 4) {
                            throw new IllegalArgumentException("four");
                        }
                        yield "k" + k;
                    } catch (IllegalStateException e) {
                        yield "caught";
                    }
                }
            });
        } finally {
            Coroutines.yield("fin " + k);
        }
        return made;
    }

    @Coroutine
    public static void body() {
        Box one = box(1);
        Box two = box(2);
        Box three = box(3);
        String four;
        try {
            box(4);
            four = "returned";
        } catch (IllegalArgumentException e) {
            four = e.getMessage();
        }
        Coroutines.yield(one + " " + two + " " + three + " " + four);
    }
}
