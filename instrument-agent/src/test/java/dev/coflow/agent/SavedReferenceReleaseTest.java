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

    /**
     * A callee's frame that stays behind after it returned (a spare, or pooled): what the callee saved is released at
     * the coroutine's next suspension, whether the frame is taken back by the next call of the callee or not.
     */
    @Test
    void finishedCallee_releasesWhatItSaved_atTheNextSuspension() throws Exception {
        Class<?> fixture = CaseHarness.load("SavedReferenceInFinishedCallee");
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(fixture.getDeclaredMethod("body"));

        assertEquals("held:32", handle.next());
        assertEquals("after", handle.next()); // the callee returned its weak reference, then the root suspended
        WeakReference<?> first = weak(fixture, "first");
        collect(first, GC_TRIES);
        assertNull(first.get(), "a returned callee's frame, not taken back, still holds what it saved");

        assertEquals("held:24", handle.next());
        assertEquals("held:24", handle.next()); // the second call returned; the third took its frame back and suspended
        WeakReference<?> second = weak(fixture, "second");
        collect(second, GC_TRIES);
        assertNull(second.get(), "a callee's frame taken back by the next call still holds what the last call saved");

        assertEquals("after second", handle.next());
        WeakReference<?> third = weak(fixture, "third");
        collect(third, GC_TRIES);
        assertNull(third.get(), "the last callee's frame still holds what it saved");
        assertEquals("end", handle.next());
        assertThrows(StopIteration.class, handle::next);
    }

    /**
     * Catalogue 73: a coroutine abandoned while suspended is collected with what its frames saved, once its thread has
     * run another coroutine (until then the thread's carrier keeps the coroutine that last suspended on it, README).
     */
    @Test
    void abandonedSuspendedCoroutine_isCollected_withWhatItSaved() throws Exception {
        Class<?> fixture = CaseHarness.load("SavedReferenceInFinishedCallee");
        Method body = fixture.getDeclaredMethod("body");
        WeakReference<?> abandoned = abandon(body, fixture);
        WeakReference<?> saved = weak(fixture, "lastHeld");
        // another coroutine suspends on this thread: the carrier forgets the abandoned one
        CoroutineHandle<Object, Object> other = dev.coflow.agent.harness.Roots.coroutine(fixture.getDeclaredMethod("body"));
        assertEquals("held:32", other.next());
        collect(abandoned, GC_TRIES);
        collect(saved, GC_TRIES);
        assertNull(abandoned.get(), "an abandoned suspended coroutine is still reachable");
        assertNull(saved.get(), "what an abandoned coroutine's frame saved is still reachable");
        other.close();
    }

    /** Starts a coroutine of {@code body}, runs it to its first value (suspended in the callee) and lets go of it. */
    private static WeakReference<?> abandon(Method body, Class<?> fixture) throws Exception {
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(body);
        assertEquals("held:32", handle.next());
        WeakReference<?> saved = weak(fixture, "lastHeld");
        collect(saved, GC_ROUNDS_TO_SURVIVE);
        assertNotNull(saved.get(), "the suspended callee must keep its live array while the coroutine can still resume");
        return new WeakReference<>(handle);
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
