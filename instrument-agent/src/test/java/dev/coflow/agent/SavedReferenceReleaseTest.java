package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseHarness;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 16: a reference saved at a suspension point stays reachable while it is needed and is
 * released once it has been restored and is dead (fixture {@code SavedReferenceReleasedAfterRestore}).
 */
class SavedReferenceReleaseTest {
    /** Collections to wait for a reference that should be cleared. */
    private static final int GC_TRIES = 50;
    /** Collections a reference that must stay reachable has to survive. */
    private static final int GC_ROUNDS_TO_SURVIVE = 3;

    @Test
    void restore_releasesSavedReferencesOnceDead() throws Exception {
        Class<?> fixture = CaseHarness.load("SavedReferenceReleasedAfterRestore");
        Method body = fixture.getDeclaredMethod("body");
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(body);

        assertEquals("saved", handle.next());
        WeakReference<?> byRoot = weak(fixture, "savedByRoot");
        collect(byRoot, GC_ROUNDS_TO_SURVIVE);
        assertNotNull(byRoot.get(), "the suspended root frame must keep its live array");

        assertEquals("restored:16", handle.next());
        collect(byRoot, GC_TRIES);
        assertNull(byRoot.get(), "the root's array is dead after its restore but still reachable");

        assertEquals("callee", handle.next());
        WeakReference<?> byCaller = weak(fixture, "savedByCaller");
        collect(byCaller, GC_ROUNDS_TO_SURVIVE);
        assertNotNull(byCaller.get(), "the suspended caller frame must keep its live array");

        assertEquals("caller restored:8", handle.next());
        collect(byCaller, GC_TRIES);
        assertNull(byCaller.get(), "the caller's array is dead after its restore but still reachable");

        assertEquals("end", handle.next());
        assertThrows(StopIteration.class, handle::next);
    }

    private static WeakReference<?> weak(Class<?> fixture, String field) throws ReflectiveOperationException {
        return (WeakReference<?>) fixture.getField(field).get(null);
    }

    /** Runs the collector until {@code ref} is cleared, at most {@code rounds} times. */
    private static void collect(WeakReference<?> ref, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
    }
}
