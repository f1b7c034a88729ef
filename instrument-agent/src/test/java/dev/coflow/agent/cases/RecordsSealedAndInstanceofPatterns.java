package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogues 53 and 54, as far as Java 17 goes (no switch patterns): a sealed interface with record
 * implementations, a {@code @Coroutine} method on a record that reads its components across a
 * yield, a {@code @Coroutine} interface method implemented by records, and {@code instanceof} patterns
 * whose binding variables live across yields (in a condition with {@code &&} and in a negated
 * pattern with an early {@code continue}). The records' {@code equals}/{@code hashCode}/{@code toString}
 * use the {@code ObjectMethods} bootstrap, untouched.
 */
public final class RecordsSealedAndInstanceofPatterns {
    public static final List<Object> EXPECTED = List.of(
            "circle r=2", "area 12", "square s=3", "area 9", "skip Text[value=hi]",
            "big Square[side=3]", "equal true", 2);

    /** Something with an area that may take a while to compute. */
    sealed interface Shape permits Circle, Square {
        @Coroutine
        long area();
    }

    /** A circle, with pi rounded to 3. */
    record Circle(int radius) implements Shape {
        @Override
        @Coroutine
        public long area() {
            Coroutines.yield("circle r=" + radius);
            return 3L * radius * radius;
        }
    }

    /** A square. */
    record Square(int side) implements Shape {
        @Override
        @Coroutine
        public long area() {
            Coroutines.yield("square s=" + side);
            return (long) side * side;
        }

        @Coroutine
        boolean sameAs(Object other) {
            Coroutines.yield("big " + this);
            return other instanceof Square s && s.side == side;
        }
    }

    /** Not a shape. */
    record Text(String value) {
    }

    @Coroutine
    public static void body() {
        List<Object> things = List.of(new Circle(2), new Square(3), new Text("hi"));
        int shapes = 0;
        Square last = null;
        for (Object thing : things) {
            if (!(thing instanceof Shape shape)) {
                Coroutines.yield("skip " + thing);
                continue;
            }
            long area = shape.area();
            Coroutines.yield("area " + area);
            shapes++;
            if (shape instanceof Square square && square.side() > 1) {
                last = square;
            }
        }
        Coroutines.yield("equal " + last.sameAs(new Square(3)));
        Coroutines.yield(shapes);
    }
}
