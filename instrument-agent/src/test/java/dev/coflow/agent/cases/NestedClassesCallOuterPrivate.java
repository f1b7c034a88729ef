package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 37: an inner class, an anonymous class and a local class each call a private
 * {@code @Coroutine} method of the outer class (static and instance). With javac 11+ nestmates the
 * calls are direct ({@code invokestatic}/{@code invokevirtual} of a private method; no
 * {@code access$NNN} accessor); each nested class is its own class file, rewritten by the same loader.
 */
public final class NestedClassesCallOuterPrivate {
    public static final List<Object> EXPECTED = List.of("inner 1", "inner ok", "anonymous 2", "anonymous ok", "local 3", "local ok");

    /** Calls the nested code through an interface whose method may suspend. */
    interface Task {
        @Coroutine
        String perform();
    }

    private final int base;

    private NestedClassesCallOuterPrivate(int base) {
        this.base = base;
    }

    @Coroutine
    private static String report(String who, int n) {
        Coroutines.yield(who + " " + n);
        return who + " ok";
    }

    @Coroutine
    private String reportWithBase(String who, int add) {
        return report(who, base + add);
    }

    /** A non-static inner class: reaches the outer instance through {@code this$0}. */
    final class Inner implements Task {
        @Override
        @Coroutine
        public String perform() {
            return reportWithBase("inner", 0);
        }
    }

    @Coroutine
    public static void body() {
        NestedClassesCallOuterPrivate outer = new NestedClassesCallOuterPrivate(1);
        Task inner = outer.new Inner();
        Coroutines.yield(inner.perform());

        Task anonymous = new Task() {
            @Override
            @Coroutine
            public String perform() {
                return outer.reportWithBase("anonymous", 1);
            }
        };
        Coroutines.yield(anonymous.perform());

        class Local implements Task {
            private final int n;

            Local(int n) {
                this.n = n;
            }

            @Override
            @Coroutine
            public String perform() {
                return report("local", n);
            }
        }
        Coroutines.yield(new Local(3).perform());
    }
}
