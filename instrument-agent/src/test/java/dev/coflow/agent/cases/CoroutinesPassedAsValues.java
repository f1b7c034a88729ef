package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Issue 9, point 3: coroutine methods passed as values — method references and lambdas behind
 * {@code Function}, {@code Supplier}, {@code Runnable}, {@code Callable} and a user's
 * {@code @FunctionalInterface} — called from a coroutine method suspend and resume exactly; a target
 * that does not suspend behaves as plain Java; a {@code Function} passed to another coroutine method
 * and called there suspends too.
 */
public final class CoroutinesPassedAsValues {
    private CoroutinesPassedAsValues() {
    }

    public static final List<Object> SENDS = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120);
    public static final List<Object> EXPECTED = List.of("len abc", "f 13", "greet", "s hi 30", "tick", "len xy", "c 62",
            "twice 5", "st 161", "plain 42", "len wxyz", "apply 114");

    @FunctionalInterface
    interface Step {
        long step(int x);
    }

    @Coroutine
    static int len(String s) {
        return s.length() + Coroutines.<Integer>yield("len " + s);
    }

    @Coroutine
    static String greet() {
        return "hi " + Coroutines.yield("greet");
    }

    @Coroutine
    static void tick() {
        Coroutines.yield("tick");
    }

    @Coroutine
    static long twice(int x) {
        return 2L * Coroutines.<Integer>yield("twice " + x);
    }

    @Coroutine
    static <T, R> R apply(Function<T, R> fn, T t) {
        return fn.apply(t);
    }

    @Coroutine
    public static void body() throws Exception {
        Function<String, Integer> f = CoroutinesPassedAsValues::len;
        Coroutines.yield("f " + f.apply("abc"));
        Supplier<String> s = CoroutinesPassedAsValues::greet;
        Coroutines.yield("s " + s.get());
        Runnable r = CoroutinesPassedAsValues::tick;
        r.run();
        Callable<Integer> c = () -> len("xy");
        Coroutines.yield("c " + c.call());
        Step st = x -> twice(x) + 1;
        Coroutines.yield("st " + st.step(5));
        Function<Integer, Integer> plain = x -> x + 1;
        Coroutines.yield("plain " + plain.apply(41));
        Coroutines.yield("apply " + apply(f, "wxyz"));
    }
}
