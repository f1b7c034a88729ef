package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 35: a lambda that does not yield itself but calls a {@code @Coroutine} method, used as
 * the body of a coroutine. The call makes the {@code lambda$} method a coroutine method, so the
 * suspension inside {@code countDown} unwinds through it and its result comes back to the lambda.
 */
public final class LambdaCallingCoroutineMethod {
    public static final List<Object> EXPECTED = List.of(3, 2, 1, "from 4", 4, 3, 2, 1, "done 10 twice 20");

    @Coroutine
    static int countDown(int from) {
        int sum = 0;
        for (int n = from; n > 0; n--) {
            Coroutines.yield(n);
            sum += n;
        }
        return sum;
    }

    @Coroutine
    public static void body() {
        Coroutines.yieldFrom(Coroutines.create(() -> countDown(3)));
        int from = 4;
        int total = Coroutines.yieldFrom(Coroutines.create(() -> {
            Coroutines.yield("from " + from);
            int sum = countDown(from);
            return sum;
        }));
        Coroutines.yield("done " + total + " twice " + (2 * total));
    }
}
