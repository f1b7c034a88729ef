package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 36: method references as coroutine bodies: {@code this::step} (bound receiver), a static
 * {@code Util::step}, and a reference whose proxy boxes an {@code int} result for {@code Supplier}.
 * The implementation method is the user's own {@code @Coroutine} method, so no {@code lambda$} body
 * exists; the proxy is the outermost frame of each inner coroutine.
 */
public final class MethodReferenceAsBody {
    public static final List<Object> EXPECTED = List.of("this 1", "this 2", "util x", "util y", "boxed", "total 42");

    private final String name;

    private MethodReferenceAsBody(String name) {
        this.name = name;
    }

    @Coroutine
    void step() {
        Coroutines.yield(name + " 1");
        Coroutines.yield(name + " 2");
    }

    @Coroutine
    void run() {
        Coroutines.yieldFrom(Coroutines.create(this::step));
    }

    /** A helper class whose static method is referenced as {@code Util::step}. */
    static final class Util {
        @Coroutine
        static void step() {
            Coroutines.yield("util x");
            Coroutines.yield("util y");
        }

        @Coroutine
        static int answer() {
            Coroutines.yield("boxed");
            return 42;
        }
    }

    @Coroutine
    public static void body() {
        new MethodReferenceAsBody("this").run();
        Coroutines.yieldFrom(Coroutines.create(Util::step));
        Integer total = Coroutines.yieldFrom(Coroutines.create(Util::answer));
        Coroutines.yield("total " + total);
    }
}
