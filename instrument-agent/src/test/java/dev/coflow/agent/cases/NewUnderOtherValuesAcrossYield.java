package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 18: constructions with a suspension point among their arguments that sit above other
 * values on the stack ({@code join("a", new Box(yield()))}), an inner-class construction
 * ({@code outer.new Inner(yield())}, with its null check of the outer instance), an anonymous class
 * capturing a local, a construction inside {@code try} whose constructor throws after the resume,
 * and one repeated in a loop.
 */
public final class NewUnderOtherValuesAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "box", "a+Box(1)", "inner", "outer/i", "anonymous", "captured:c/anon",
            "throws", "caught:bad", "loop", "loop", "[Box(0), Box(1)]");
    public static final List<Object> SENDS = List.of(1, "-", "i", "-", "anon", "-", "bad", "-", 0, 1);

    private final String name = "outer";

    static final class Box {
        private final Object value;

        Box(Object value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return "Box(" + value + ")";
        }
    }

    abstract static class Holder {
        final Object held;

        Holder(Object held) {
            this.held = held;
        }
    }

    static final class Picky {
        Picky(String value) {
            if (value.equals("bad")) {
                throw new IllegalArgumentException(value);
            }
        }
    }

    final class Inner {
        private final Object value;

        Inner(Object value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return name + "/" + value;
        }
    }

    @Coroutine
    public static void body() {
        Coroutines.yield(join("a", new Box(Coroutines.yield("box"))));
        NewUnderOtherValuesAcrossYield outer = new NewUnderOtherValuesAcrossYield();
        Coroutines.yield(outer.new Inner(Coroutines.yield("inner")).toString());
        String captured = "c";
        Object anonymous = new Holder(Coroutines.yield("anonymous")) {
            @Override
            public String toString() {
                return "captured:" + captured + "/" + held;
            }
        };
        Coroutines.yield(anonymous.toString());
        try {
            new Picky(Coroutines.yield("throws"));
            Coroutines.yield("not caught");
        } catch (IllegalArgumentException e) {
            Coroutines.yield("caught:" + e.getMessage());
        }
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            boxes.add(new Box(Coroutines.yield("loop")));
        }
        Coroutines.yield(boxes.toString());
    }

    static String join(String a, Object b) {
        return a + "+" + b;
    }
}
