package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * NotRewrittenException in a method no coroutine runs: a program's plain {@code main} yields. Annotating
 * {@code main} would only lead to the "outside any coroutine" error; the fix moves the yielding code
 * into a @Coroutine method that main runs through Coroutines.generate.
 */
public final class YieldInMain {
    private YieldInMain() {
    }

    public static final List<Object> OUT = new ArrayList<>();

    public static final class Broken {
        public static void main(String[] args) {
            for (String a : args) {
                OUT.add(Coroutines.yield(a));
            }
        }
    }

    /** Same with main annotated, as the old fix said: still nothing runs it as a coroutine. */
    public static final class AnnotatedMain {
        @Coroutine
        public static void main(String[] args) {
            for (String a : args) {
                OUT.add(Coroutines.yield(a));
            }
        }
    }

    /** Fix applied: the yielding code is a @Coroutine method that main runs with Coroutines.generate. */
    public static final class Fixed {
        @Coroutine
        static void produce(String[] args) {
            for (String a : args) {
                Coroutines.yield(a);
            }
        }

        public static void main(String[] args) {
            for (Object v : Coroutines.generate(() -> produce(args))) {
                OUT.add(v);
            }
        }
    }
}
