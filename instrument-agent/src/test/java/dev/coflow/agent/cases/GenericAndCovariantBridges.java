package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 40: calls through a generic interface and a covariant return reach the implementation
 * through javac's synthetic bridge methods ({@code Object apply(Object)} forwarding to
 * {@code String apply(String)}, {@code Number make()} forwarding to {@code Integer make()}). The
 * bridges carry no annotation, but they forward to a coroutine method, so they are rewritten as
 * coroutine methods and the chain has no foreign frame.
 */
public final class GenericAndCovariantBridges {
    public static final List<Object> EXPECTED = List.of("apply x", "apply y", "make", "XY 7");

    /** A generic step. */
    interface Transform<T> {
        @Coroutine
        T apply(T input);
    }

    /** Implements the generic step for strings: javac adds a bridge {@code apply(Object)}. */
    static final class Upper implements Transform<String> {
        @Override
        @Coroutine
        public String apply(String input) {
            Coroutines.yield("apply " + input);
            return input.toUpperCase();
        }
    }

    /** Declares a method returning a {@code Number}. */
    abstract static class Maker {
        @Coroutine
        abstract Number make();
    }

    /** Narrows the return type: javac adds a bridge {@code Number make()}. */
    static final class IntMaker extends Maker {
        @Override
        @Coroutine
        Integer make() {
            Coroutines.yield("make");
            return 7;
        }
    }

    @Coroutine
    public static void body() {
        Transform<String> transform = new Upper();
        String x = transform.apply("x");
        String y = transform.apply("y");
        Maker maker = new IntMaker();
        Number n = maker.make();
        Coroutines.yield(x + y + " " + n);
    }
}
