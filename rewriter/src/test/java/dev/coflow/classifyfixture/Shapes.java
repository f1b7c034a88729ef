package dev.coflow.classifyfixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Supplier;

/** One method per reason {@code MethodClassifier} gives, and methods it must leave alone. */
public class Shapes {
    public interface Source {
        @Coroutine
        int next();
    }

    /** Implements a coroutine method without the annotation: OVERRIDES_COROUTINE_METHOD. */
    public static final class Impl implements Source {
        @Override
        public int next() {
            return 1;
        }

        /** Plain: not a coroutine method. */
        public int plain() {
            return 2;
        }
    }

    @Coroutine
    static void annotated() {
        Coroutines.yield("a");
    }

    /** Its lambda body yields: SYNTHETIC_BODY. */
    static Supplier<Object> lambda() {
        return () -> Coroutines.yield("b");
    }

    /** A lambda that cannot suspend: not a coroutine method. */
    static Supplier<Object> quietLambda() {
        return () -> "quiet";
    }

    static Object field = Coroutines.yield("c"); // the static initialiser yields: INITIALIZER_YIELDS

    static int plain() {
        return 3;
    }
}
