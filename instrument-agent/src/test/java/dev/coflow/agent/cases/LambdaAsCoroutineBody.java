package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 35: lambdas whose bodies yield, used as the bodies of inner coroutines. Their synthetic
 * {@code lambda$} methods are rewritten although nothing can annotate them; the hidden proxy class in
 * front of each is only ever the outermost frame of its coroutine. One lambda captures a local and
 * returns a value that comes back through {@code yieldFrom}.
 */
public final class LambdaAsCoroutineBody {
    public static final List<Object> EXPECTED = List.of("a1", "a2", 10, 11, "sum 21");

    @Coroutine
    public static void body() {
        Coroutines.yieldFrom(Coroutines.create(() -> {
            Coroutines.yield("a1");
            Coroutines.yield("a2");
        }));
        int base = 10;
        CoroutineHandle<Object, Object> summing = Coroutines.create(() -> {
            int a = Coroutines.<Integer>yield(base) == null ? base : -1;
            int b = Coroutines.<Integer>yield(base + 1) == null ? base + 1 : -1;
            return a + b;
        });
        int sum = Coroutines.yieldFrom(summing);
        Coroutines.yield("sum " + sum);
    }
}
