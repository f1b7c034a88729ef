package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalogue 36: method references to a varargs coroutine method, which javac compiles to a synthetic lambda body that
 * packs the interface method's arguments into the array (none, one, two; a bound receiver too), so the reference's
 * call reaches the coroutine through that body. Each call yields every argument it got, then its count comes back
 * through the functional interface, boxed.
 */
public final class VarargsMethodReferenceToCoroutine {
    public static final List<Object> EXPECTED = List.of(
            "a", "b", "two:2",
            "one:x", "one:1",
            "none:0",
            "p:1", "p:2", "bound:2",
            "last");
    public static final Object RESULT = 5;

    private final String prefix;

    private VarargsMethodReferenceToCoroutine(String prefix) {
        this.prefix = prefix;
    }

    @Coroutine
    static int many(String... xs) {
        for (String x : xs) {
            Coroutines.yield(x);
        }
        return xs.length;
    }

    @Coroutine
    static int tagged(String tag, Object... xs) {
        for (Object x : xs) {
            Coroutines.yield(tag + ":" + x);
        }
        return xs.length;
    }

    @Coroutine
    int each(Integer... xs) {
        for (Integer x : xs) {
            Coroutines.yield(prefix + x);
        }
        return xs.length;
    }

    @Coroutine
    public static int body() {
        BiFunction<String, String, Integer> two = VarargsMethodReferenceToCoroutine::many;
        int sum = two.apply("a", "b");
        Coroutines.yield("two:" + sum);
        BiFunction<String, String, Integer> one = VarargsMethodReferenceToCoroutine::tagged;
        int n = one.apply("one", "x");
        Coroutines.yield("one:" + n);
        sum += n;
        Supplier<Integer> none = VarargsMethodReferenceToCoroutine::many;
        Coroutines.yield("none:" + none.get());
        Function<Integer, Integer> unused = new VarargsMethodReferenceToCoroutine("q:")::each;
        BiFunction<Integer, Integer, Integer> bound = new VarargsMethodReferenceToCoroutine("p:")::each;
        int b = bound.apply(1, 2);
        Coroutines.yield("bound:" + b);
        sum += b + (unused == null ? 1 : 0);
        Coroutines.yield("last");
        return sum;
    }
}
