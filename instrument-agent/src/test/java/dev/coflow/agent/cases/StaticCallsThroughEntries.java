package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Static calls of other classes' coroutine methods go through the static entry of the class that declares the method
 * (design.md, "Virtual entries", static calls): named by the declaring class, by a subclass that inherits it (javac names
 * the subclass in the instruction), by a subclass that hides it with a plain method of its own, and another class's
 * method. Each gives plain Java's values.
 */
public final class StaticCallsThroughEntries {
    public static final List<Object> EXPECTED = List.of("base k", "B(k,a)", "base j", "B(j,b)", "hidden h", "other 1", "O(1,c)");
    public static final List<Object> SENDS = List.of("a", "-", "b", "-", "-", "c");

    static class Base {
        @Coroutine
        static String s(String x) {
            String got = Coroutines.yield("base " + x);
            return "B(" + x + "," + got + ")";
        }
    }

    static class Derived extends Base {
    }

    static class Hider extends Base {
        static String s(String x) {
            return "hidden " + x;
        }
    }

    static class Other {
        @Coroutine
        static String o(int i) {
            return "O(" + i + "," + Coroutines.yield("other " + i) + ")";
        }
    }

    @Coroutine
    public static void body() {
        Coroutines.yield(Base.s("k"));
        Coroutines.yield(Derived.s("j"));
        Coroutines.yield(Hider.s("h"));
        Coroutines.yield(Other.o(1));
    }
}
