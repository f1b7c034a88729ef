package com.example.coflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Runs only when Surefire attaches the coflow agent: without it, the first yield throws NotRewrittenException. */
class FibonacciTest {

    @Test
    void first_yieldsTheFibonacciNumbers() {
        assertEquals("0 1 1 2 3 5 8 13 21 34", Fibonacci.first(10));
    }

    @Test
    void summer_returnsTheRunningTotalForEachValueSent() {
        try (CoroutineHandle<Long, Long> summer = Fibonacci.startSummer()) {
            assertEquals(5L, summer.send(5L));
            assertEquals(12L, summer.send(7L));
            assertEquals(12L, summer.send(0L));
        }
    }

    @Test
    void agents_coflowAndJacocoBothRewroteTheClass() {
        String[] names = Arrays.stream(Fibonacci.class.getDeclaredMethods()).map(Method::getName).toArray(String[]::new);
        assertTrue(Arrays.stream(names).anyMatch(n -> n.startsWith("coflow$")), "coflow's agent did not rewrite: " + Arrays.toString(names));
        assertTrue(Arrays.asList(names).contains("$jacocoInit"), "JaCoCo's agent is not attached: " + Arrays.toString(names));
    }
}
