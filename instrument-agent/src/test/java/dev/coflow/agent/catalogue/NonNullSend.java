package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** IllegalArgumentException "can't send a non-null value": an accumulator sent a value before it started. */
public final class NonNullSend {
    private NonNullSend() {
    }

    @Coroutine
    public static Object accumulate() {
        int sum = 0;
        while (true) {
            Integer x = Coroutines.yield(sum);
            if (x == null) {
                return sum;
            }
            sum += x;
        }
    }
}
