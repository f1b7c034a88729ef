package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Function;
import java.util.function.Supplier;

/** Shape fixture: a lambda that only forwards to one coroutine call, and one that does work after it. */
public class Forwarding {
    @Coroutine
    static Object grep(String pattern) {
        return Coroutines.yield(pattern);
    }

    static Supplier<Object> forward(String pattern) {
        return () -> grep(pattern);
    }

    static Supplier<Object> decorate(String pattern) {
        return () -> {
            Object found = grep(pattern);
            return found == null ? pattern : found;
        };
    }

    /** A method reference whose types need no conversion: its adapter only forwards. */
    static Function<String, Object> reference() {
        return Forwarding::grep;
    }
}
