package com.example.coflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs with no agent: coflow-maven-plugin rewrote the main classes (goal rewrite) and these test classes
 * (goal rewrite-tests) at build time. Without that, the first yield throws NotRewrittenException.
 */
class FibonacciTest {

    @Test
    void noAgentIsAttached() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(arguments.stream().noneMatch(a -> a.startsWith("-javaagent")), arguments.toString());
    }

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

    @Coroutine
    static void countdown(int from) {
        for (int i = from; i > 0; i--) {
            Coroutines.yield(i);
        }
    }

    /** A coroutine in a test class: rewritten by the rewrite-tests goal. */
    @Test
    void coroutinesInTestClassesAreRewrittenToo() {
        List<Object> values = new ArrayList<>();
        Coroutines.generate(() -> countdown(3)).forEach(values::add);
        assertEquals(List.of(3, 2, 1), values);
    }

    @Test
    void theMainClassWasRewrittenAtBuildTime() {
        String[] names = Arrays.stream(Fibonacci.class.getDeclaredMethods()).map(Method::getName).toArray(String[]::new);
        assertTrue(Arrays.stream(names).anyMatch(n -> n.startsWith("coflow$")), "coflow-maven-plugin did not rewrite: " + Arrays.toString(names));
    }
}
