package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Faults during resume, with the real agent: {@code StackOverflowError} and {@code OutOfMemoryError}
 * raised in resumed code or in the caller of {@code send}, and chains 10,000 frames deep. After each
 * error the coroutine is either untouched (the error came before it was resumed) or cleanly CLOSED,
 * the caller got the error, and other coroutines, suspended or new, keep working.
 */
class FaultsIT {
    /** Levels of the deep chain test. */
    static final int DEEP = 10_000;

    @Coroutine
    static void counter(int from) {
        for (int i = from; ; i++) {
            Coroutines.yield(i);
        }
    }

    static int recurse(int n) {
        return n == 0 ? 0 : 1 + recurse(n - 1);
    }

    @Coroutine
    static void recursesAfterResume() {
        Coroutines.yield("ready");
        recurse(Integer.MAX_VALUE); // StackOverflowError in resumed code
    }

    @Coroutine
    static void allocatesAfterResume() {
        Coroutines.yield("ready");
        long[] huge = new long[Integer.MAX_VALUE - 16]; // OutOfMemoryError: no heap of the test JVM holds 16 GB
        Coroutines.yield(huge.length);
    }

    /** A fresh coroutine runs, and one that was suspended before the fault resumes exactly where it was. */
    private static void assertOthersUnaffected(CoroutineHandle<Object, Object> suspended, int next) {
        assertEquals(next, suspended.next());
        assertEquals(next + 1, suspended.next());
        CoroutineHandle<Object, Object> fresh = Coroutines.create(() -> counter(100));
        assertEquals(100, fresh.next());
        assertEquals(101, fresh.next());
        fresh.close();
        assertTrue(fresh.isDone());
        // no coroutine is left current on this thread: a yield here is refused as outside any coroutine
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> Coroutines.yield("stray"));
        assertTrue(outside.getMessage().contains("outside any coroutine"), outside.getMessage());
    }

    @Test
    void stackOverflowInResumedCode_reachesTheCaller_coroutineClosed_othersUnaffected() {
        CoroutineHandle<Object, Object> other = Coroutines.create(() -> counter(0));
        assertEquals(0, other.next());
        CoroutineHandle<Object, Object> failing = Coroutines.create(FaultsIT::recursesAfterResume);
        assertEquals("ready", failing.next());

        assertThrows(StackOverflowError.class, failing::next);

        assertTrue(failing.isDone());
        assertEquals(CoroutineState.CLOSED, failing.state());
        assertFalse(failing.hasResult());
        assertEquals(List.of(), failing.where());
        assertThrows(StopIteration.class, failing::next, "a closed coroutine stays closed");
        assertOthersUnaffected(other, 1);
    }

    @Test
    void outOfMemoryInResumedCode_reachesTheCaller_coroutineClosed_othersUnaffected() {
        CoroutineHandle<Object, Object> other = Coroutines.create(() -> counter(0));
        assertEquals(0, other.next());
        CoroutineHandle<Object, Object> failing = Coroutines.create(FaultsIT::allocatesAfterResume);
        assertEquals("ready", failing.next());

        assertThrows(OutOfMemoryError.class, failing::next);

        assertTrue(failing.isDone());
        assertEquals(CoroutineState.CLOSED, failing.state());
        assertThrows(StopIteration.class, failing::next);
        assertOthersUnaffected(other, 1);
    }

    /**
     * The caller resumes the coroutine from ever shallower recursion, starting where even entering
     * {@code next()} overflows: the overflow then strikes at every point of the resume path in turn,
     * from before the coroutine is touched to inside the resumed frame. After each failed resume the
     * coroutine is SUSPENDED (not touched; it then yields its next value exactly once) or CLOSED,
     * never left RUNNING, and no coroutine is left current on the thread.
     */
    @Test
    void stackOverflowWhileResumingFromDeepRecursion_leavesTheCoroutineSuspendedOrClosed() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                probeFromDeepRecursion();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "deep-caller", 512 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private static final class Probe {
        final CoroutineHandle<Object, Object> handle = Coroutines.create(() -> counter(0));
        final List<String> outcomes = new ArrayList<>();
        int expectedNext;
        int failures;
        int closedAt = -1;
    }

    private static void probeFromDeepRecursion() {
        Probe p = new Probe();
        assertEquals(0, p.handle.next());
        p.expectedNext = 1;
        descend(p, 0);
        assertTrue(p.failures > 0, "the probe never overflowed");
        // The checks inside the probe can themselves overflow on the deepest levels; what must hold
        // afterwards: the coroutine is cleanly CLOSED (an overflow struck inside resumed code), or it
        // is suspended exactly where the last successful resume left it. One left RUNNING by an
        // overflow in the bookkeeping of a switch would fail here with "already running".
        assertNotEquals(CoroutineState.RUNNING, p.handle.state());
        if (p.handle.isDone()) {
            assertFalse(p.handle.hasResult(), "closed by the overflow, not finished");
        } else {
            assertEquals(p.expectedNext, p.handle.next());
        }
        CoroutineHandle<Object, Object> other = Coroutines.create(() -> counter(7));
        assertEquals(7, other.next());
        assertOthersUnaffected(other, 8);
    }

    /** Recurses until the stack overflows, then resumes the probe's coroutine at every level on the way back. */
    private static void descend(Probe p, int depth) {
        try {
            descend(p, depth + 1);
        } catch (StackOverflowError deeper) {
            // the deepest level: nothing below
        }
        resumeAt(p, depth);
    }

    private static void resumeAt(Probe p, int depth) {
        if (p.handle.isDone()) {
            return;
        }
        try {
            Object y = p.handle.next();
            assertEquals(p.expectedNext, y, "a resume that succeeded yields the next value, exactly once");
            p.expectedNext++;
            p.outcomes.add("ok");
        } catch (StackOverflowError e) {
            p.failures++;
            CoroutineState s = p.handle.state();
            assertNotEquals(CoroutineState.RUNNING, s, "left RUNNING after a StackOverflowError at depth " + depth);
            if (s == CoroutineState.CLOSED) {
                p.closedAt = depth;
            }
            p.outcomes.add(s.toString());
        }
    }

    // ---------------------------------------------------------------- deep chains

    @Coroutine
    static long deep(int depth) {
        if (depth == 0) {
            long sum = 0;
            for (int i = 0; i < 3; i++) {
                try {
                    sum += (Integer) Coroutines.yield("bottom " + i);
                } catch (IllegalStateException thrownIn) {
                    throw new IllegalArgumentException("from the bottom: " + thrownIn.getMessage());
                }
            }
            return sum;
        }
        return deep(depth - 1) + 1;
    }

    @Coroutine
    static Object deepTop(int depth) {
        try {
            return deep(depth);
        } catch (IllegalArgumentException e) {
            Coroutines.yield("caught at the top: " + e.getMessage());
            return "handled";
        }
    }

    /** Runs {@code body} on a thread with a stack of {@code stackBytes} (0: the JVM's default), rethrowing its failure. */
    private static void onThread(long stackBytes, Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "deep-chain", stackBytes);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void tenThousandFramesDeep_suspendResumeAndUnwindWithAResult() throws Exception {
        onThread(64L << 20, () -> {
            CoroutineHandle<Object, Object> h = Coroutines.create(() -> deepTop(DEEP));
            assertEquals("bottom 0", h.next());
            // every level is a suspended frame: deep() DEEP + 1 times and deepTop (the body lambda only
            // forwards to deepTop, so it keeps no frame: docs/design.md)
            assertEquals(DEEP + 2, h.where().size(), "suspended frames");
            assertEquals("bottom 1", h.send(10));
            assertEquals("bottom 2", h.send(20));
            StopIteration stop = assertThrows(StopIteration.class, () -> h.send(30));
            assertEquals((Object) ((long) DEEP + 60), stop.value());
            assertTrue(h.hasResult());
        });
    }

    @Test
    void tenThousandFramesDeep_throwInAtTheBottomIsCaughtAtTheTop() throws Exception {
        onThread(64L << 20, () -> {
            CoroutineHandle<Object, Object> h = Coroutines.create(() -> deepTop(DEEP));
            assertEquals("bottom 0", h.next());
            assertEquals("bottom 1", h.send(1));
            Object y = h.throwIn(new IllegalStateException("thrown in"));
            assertEquals("caught at the top: from the bottom: thrown in", y);
            StopIteration stop = assertThrows(StopIteration.class, h::next);
            assertEquals("handled", stop.value());
        });
    }

    /**
     * Measures, on a thread with the JVM's default stack, how deep plain recursion and a fresh
     * coroutine descent get before {@code StackOverflowError}, then checks that a chain near the
     * coroutine's limit resumes any number of times (resume is flat: it needs no stack per level).
     * The figures are printed for docs/design.md.
     */
    @Test
    void maximumDepthWithTheDefaultStack_measuredAndResumeIsFlat() throws Exception {
        int[] limits = new int[2];
        onThread(0, () -> {
            limits[0] = maxPlainDepth();
            limits[1] = maxCoroutineDepth();
        });
        System.out.println("FaultsIT: Java " + Runtime.version().feature() + ", default thread stack: plain recursion "
                + limits[0] + " levels, coroutine chain " + limits[1] + " levels");
        assertTrue(limits[1] > 1000, "a coroutine chain should reach more than 1000 levels: " + limits[1]);
        // Descend as deep as the default stack allowed, on a thread with room to spare (the measured limit
        // moves with JIT state: a deoptimised, interpreted descent needs several times the stack), then resume
        // from a thread whose stack is far too small for that descent: a resume needs no stack per level.
        int depth = limits[1];
        List<CoroutineHandle<Object, Object>> handle = new ArrayList<>();
        onThread(64L << 20, () -> {
            handle.add(Coroutines.create(() -> deep(depth)));
            assertEquals("bottom 0", handle.get(0).next());
        });
        onThread(128 * 1024, () -> {
            CoroutineHandle<Object, Object> h = handle.get(0);
            assertEquals("bottom 1", h.send(1));
            assertEquals("bottom 2", h.send(2));
            assertEquals((Object) ((long) depth + 6), assertThrows(StopIteration.class, () -> h.send(3)).value());
        });
        onThread(0, () -> {
            CoroutineHandle<Object, Object> h = Coroutines.create(() -> deep(1_000_000)); // far past any 1 MB stack
            StackOverflowError e = assertThrows(StackOverflowError.class, h::next, "a fresh descent too deep overflows");
            assertSame(StackOverflowError.class, e.getClass());
            assertTrue(h.isDone(), "the coroutine whose descent overflowed is closed");
        });
    }

    private static int maxPlainDepth() {
        int best = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            int[] reached = {0};
            try {
                plainDepth(reached, 1);
            } catch (StackOverflowError e) {
                best = Math.max(best, reached[0]);
            }
        }
        return best;
    }

    private static long plainDepth(int[] reached, int depth) {
        reached[0] = depth;
        return plainDepth(reached, depth + 1) + 1;
    }

    private static int maxCoroutineDepth() {
        int low = 1;
        int high = 1 << 20;
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            CoroutineHandle<Object, Object> h = Coroutines.create(() -> deep(middle));
            try {
                h.next();
                h.close();
                low = middle;
            } catch (StackOverflowError e) {
                high = middle;
            }
        }
        return low;
    }
}
