package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.function.Supplier;

/** Shape fixture: a body with two yields and two calls at suspension points (by name, virtual; through an interface). */
public class Armed {
    @Coroutine
    public Object inner(String s) {
        return Coroutines.yield(s);
    }

    @Coroutine
    public Object outer(String s, Supplier<Object> more) {
        Object first = Coroutines.yield(s);
        Object second;
        try {
            second = inner(s);
        } catch (IllegalStateException e) {
            second = e;
        }
        Object third = more.get();
        Object fourth = Coroutines.yield(third);
        return first == second ? third : fourth;
    }
}
