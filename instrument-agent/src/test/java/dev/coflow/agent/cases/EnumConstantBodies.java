package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Enum constants with bodies of their own: {@code ADD} and {@code MUL} are anonymous subclasses
 * ({@code EnumConstantBodies$Op$1}, {@code $Op$2}) that override a {@code @Coroutine} method of the enum, {@code KEEP}
 * runs the enum's own. One call site in a loop meets all three receivers' classes in turn, and after a yield a
 * constant found by {@code valueOf} is called again.
 */
public final class EnumConstantBodies {
    public static final List<Object> EXPECTED = List.of("add 2", "mul 5", "keep 20", "which?", "mul 20");
    /** The value sent in answer to each yield above, in order ("-" where the yield's value is not used). */
    public static final List<Object> SENDS = List.of(3, 4, "-", "MUL", 2);
    public static final Object RESULT = 60;

    /** Two constants with bodies and one without. */
    enum Op {
        ADD {
            @Coroutine
            @Override
            int apply(int x) {
                int y = (Integer) Coroutines.yield("add " + x);
                return x + y;
            }
        },
        MUL {
            @Coroutine
            @Override
            int apply(int x) {
                int y = (Integer) Coroutines.yield("mul " + x);
                return x * y;
            }
        },
        KEEP;

        @Coroutine
        int apply(int x) {
            Coroutines.yield("keep " + x);
            return x;
        }
    }

    @Coroutine
    public static int body() {
        int total = 2;
        for (Op op : Op.values()) {
            total = op.apply(total);
        }
        Op chosen = Op.valueOf((String) Coroutines.yield("which?"));
        return chosen.apply(total) + total;
    }
}
