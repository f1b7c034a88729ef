package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A coroutine whose second step blocks until released: one thread resumes it and is held inside
 * while another thread resumes it too. Also records which thread ran each step, for a coroutine
 * resumed later from another thread.
 */
public final class ResumedFromTwoThreads {
    private ResumedFromTwoThreads() {
    }

    @Coroutine
    public static void body(CountDownLatch entered, CountDownLatch release) {
        int step = 1;
        Coroutines.yield(step + " on " + Thread.currentThread().getName());
        step++;
        entered.countDown();
        await(release);
        Coroutines.yield(step + " on " + Thread.currentThread().getName());
        step++;
        Coroutines.yield(step + " on " + Thread.currentThread().getName());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
