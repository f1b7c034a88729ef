package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 57: {@code Thread.yield()} (a static {@code yield()V} on another owner) inside a coroutine
 * is an ordinary call, never a suspension point; only {@code dev.coflow.Coroutines.yield} suspends.
 * A method that only calls {@code Thread.yield()} stays as it is, so calling it is not a suspendable
 * call either.
 */
public final class ThreadYieldIsNotSuspension {
    public static final List<Object> EXPECTED = List.of("before", "after 3");

    @Coroutine
    static int politely(int times) {
        int count = 0;
        for (int i = 0; i < times; i++) {
            Thread.yield();
            count++;
        }
        return count;
    }

    @Coroutine
    public static void body() {
        Coroutines.yield("before");
        Thread.yield();
        int count = politely(3);
        Thread.yield();
        Coroutines.yield("after " + count);
    }
}
