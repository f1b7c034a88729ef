package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Function;

/** Shape fixture: a method reference to a coroutine method whose int result the functional interface boxes. */
public class References {
    @Coroutine
    static int length(String s) {
        return ((String) Coroutines.yield(s)).length();
    }

    static Function<String, Integer> make() {
        return References::length;
    }
}
