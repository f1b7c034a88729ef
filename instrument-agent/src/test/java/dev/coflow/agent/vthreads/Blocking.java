package dev.coflow.agent.vthreads;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Coroutines that block between their yields (a sleep, a lock wait): on a virtual thread, it unmounts there. */
public final class Blocking {
    private Blocking() {
    }

    /** Yields {@code from}, {@code from + 1}, ... {@code count} values, sleeping before each; returns their sum plus what was sent. */
    @Coroutine
    public static long numbers(int from, int count) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            Thread.sleep(0, 1000 * (i % 3)); // on a virtual thread: may unmount and resume on another carrier
            long value = from + i;
            Object sent = Coroutines.yield(value);
            sum += value + (sent == null ? 0 : ((Number) sent).longValue());
        }
        return sum;
    }

    /** Delegates to {@link #numbers} one level down, so the chain is two frames deep when it blocks and suspends. */
    @Coroutine
    public static long twice(int from, int count) throws InterruptedException {
        return numbers(from, count) * 2;
    }
}
