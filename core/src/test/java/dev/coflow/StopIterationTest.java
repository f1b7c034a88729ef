package dev.coflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * {@link StopIteration}: what it says, and that ending a coroutine costs the stop object alone. A coroutine driven
 * by {@code send} ends with one of these (Python's protocol), so a program that runs many short coroutines makes
 * one per coroutine ({@code LifecycleBenchmark.coflowSend}); its message is written only when someone reads it.
 */
class StopIterationTest {
    @Test
    void message_namesTheReturnValue_whenThereIsOne() {
        assertEquals("coroutine finished", new StopIteration(null).getMessage());
        assertEquals("coroutine finished and returned 42", new StopIteration(42).getMessage());
        assertEquals("dev.coflow.StopIteration: coroutine finished and returned done", new StopIteration("done").toString());
        String longText = "x".repeat(100);
        assertEquals("coroutine finished and returned " + "x".repeat(57) + "...", new StopIteration(longText).getMessage());
        assertEquals(42, new StopIteration(42).<Integer>value());
        assertNull(new StopIteration(null).value());
    }

    @Test
    void noStackTrace_andNoCause() {
        StopIteration stop = new StopIteration(1);
        assertEquals(0, stop.getStackTrace().length);
        assertNull(stop.getCause());
    }

    @Test
    void constructing_allocatesTheStopAlone() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "HotSpot's allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
        long self = ClassLayout.parseClass(StopIteration.class).instanceSize();
        int n = 10_000;
        StopIteration[] kept = new StopIteration[n]; // kept, so that no allocation is optimised away
        Integer value = 1000; // not a cached Integer: a value the message would have to print
        for (int round = 0; round < 3; round++) { // the first rounds link the call sites and compile the loop
            long thread = Thread.currentThread().getId();
            long before = counter.getThreadAllocatedBytes(thread);
            for (int i = 0; i < n; i++) {
                kept[i] = new StopIteration(value);
            }
            long perStop = (counter.getThreadAllocatedBytes(thread) - before) / n;
            if (round == 2) {
                // the stop itself, and nothing that describes it (a message of 34 characters is a String and an array of
                // 48 bytes and more, built through a StringBuilder or the JDK's string concatenation)
                assertTrue(perStop <= self, "a StopIteration of " + self + " bytes allocated " + perStop + " bytes a stop");
            }
        }
        assertEquals("coroutine finished and returned 1000", kept[n - 1].getMessage());
    }
}
