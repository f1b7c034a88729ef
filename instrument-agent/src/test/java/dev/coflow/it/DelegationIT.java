package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Coroutines.yieldFrom}, Python's {@code yield from} (PEP 380), through the real agent. */
class DelegationIT {

    @Coroutine
    static String letters(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            Coroutines.yield(prefix + i);
        }
        return prefix + " done";
    }

    /** Sums what is sent in until it receives null, yielding the running total; returns the sum. */
    @Coroutine
    static int summer(List<String> log) {
        int sum = 0;
        try {
            while (true) {
                Integer x = Coroutines.yield(sum);
                if (x == null) {
                    return sum;
                }
                sum += x;
            }
        } finally {
            log.add("summer finally");
        }
    }

    @Coroutine
    static void delegatesTo(CoroutineHandle<?, ?> delegate, List<String> log) {
        try {
            Object result = Coroutines.yieldFrom(delegate);
            log.add("delegate returned " + result);
            Coroutines.yield("after delegation");
        } finally {
            log.add("delegator finally");
        }
    }

    @Coroutine
    static void catchesAndYields(List<String> log) {
        while (true) {
            try {
                Coroutines.yield("delegate waiting");
            } catch (IllegalArgumentException e) {
                log.add("delegate caught " + e.getMessage());
                Coroutines.yield("delegate recovered");
            }
        }
    }

    @Coroutine
    static void delegatorCatching(CoroutineHandle<?, ?> delegate, List<String> log) {
        try {
            Coroutines.yieldFrom(delegate);
        } catch (ArithmeticException e) {
            log.add("delegator caught " + e.getMessage());
            Coroutines.yield("delegator recovered");
        }
    }

    @Coroutine
    static String returnsWhenThrownAt(List<String> log) {
        try {
            Coroutines.yield("delegate waiting");
            return "not thrown";
        } catch (IllegalArgumentException e) {
            log.add("delegate caught " + e.getMessage());
            return "delegate handled " + e.getMessage();
        }
    }

    @Coroutine
    static void ignoresGeneratorExit(List<String> log) {
        try {
            Coroutines.yield("delegate waiting");
        } catch (GeneratorExit e) {
            log.add("delegate ignored exit");
        }
        Coroutines.yield("delegate still here");
    }

    @Coroutine
    static String level(int depth, List<String> log) {
        if (depth == 0) {
            String sent = Coroutines.yield("bottom ready");
            log.add("bottom received " + sent);
            String again = Coroutines.yield("bottom got " + sent);
            log.add("bottom received " + again);
            return "bottom returned " + again;
        }
        Coroutines.yield("level " + depth + " before");
        String inner = Coroutines.yieldFrom(Coroutines.create(() -> level(depth - 1, log)));
        Coroutines.yield("level " + depth + " saw " + inner);
        return "level " + depth + " returned";
    }

    @Test
    void yieldFrom_delegateValuesPassThroughToTheOutermostCaller() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> letters("a", 3));
        CoroutineHandle<Object, String> c = Coroutines.create(() -> delegatesTo(delegate, log));

        List<String> seen = new ArrayList<>();
        seen.add(c.next());
        seen.add(c.next());
        seen.add(c.next());
        seen.add(c.next());

        assertEquals(List.of("a0", "a1", "a2", "after delegation"), seen);
        assertEquals(List.of("delegate returned a done"), log);
    }

    @Test
    void yieldFrom_sendGoesToTheDelegate() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> delegate = Coroutines.create(() -> summer(log));
        CoroutineHandle<Integer, Object> c = Coroutines.start(() -> delegatesTo(delegate, log));

        assertEquals(5, c.send(5));
        assertEquals(12, c.send(7));
        assertEquals(CoroutineState.SUSPENDED, delegate.state());
        assertEquals("after delegation", c.send(null));

        assertEquals(List.of("summer finally", "delegate returned 12"), log);
        assertEquals(CoroutineState.CLOSED, delegate.state());
    }

    @Test
    void yieldFrom_delegateReturnValueBecomesTheValueOfYieldFrom() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> delegate = Coroutines.create(() -> summer(log));
        CoroutineHandle<Integer, Object> c = Coroutines.start(() -> delegatesTo(delegate, log));
        c.send(40);
        c.send(2);

        c.send(null);

        assertEquals(List.of("summer finally", "delegate returned 42"), log);
        assertEquals(42, (int) delegate.result());
    }

    @Test
    void yieldFrom_throwInIsForwardedToTheDelegate_whichCatchesAndYields() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> catchesAndYields(log));
        CoroutineHandle<Object, String> c = Coroutines.start(() -> delegatesTo(delegate, log));

        assertEquals("delegate recovered", c.throwIn(new IllegalArgumentException("forwarded")));

        assertEquals(List.of("delegate caught forwarded"), log);
        assertEquals(CoroutineState.SUSPENDED, delegate.state());
        assertEquals("delegate waiting", c.next());
    }

    @Test
    void yieldFrom_throwInNotCaughtByTheDelegate_isRaisedInTheDelegatorAtYieldFrom() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> catchesAndYields(log));
        CoroutineHandle<Object, String> c = Coroutines.start(() -> delegatorCatching(delegate, log));

        assertEquals("delegator recovered", c.throwIn(new ArithmeticException("passes the delegate")));

        assertEquals(List.of("delegator caught passes the delegate"), log);
        assertEquals(CoroutineState.CLOSED, delegate.state());
    }

    @Test
    void yieldFrom_throwInCaughtByTheDelegateWhichReturns_itsReturnValueBecomesTheValueOfYieldFrom() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> returnsWhenThrownAt(log));
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> delegatesTo(delegate, log));

        assertEquals("after delegation", c.throwIn(new IllegalArgumentException("stop now")));

        assertEquals(List.of("delegate caught stop now", "delegate returned delegate handled stop now"), log);
    }

    @Test
    void yieldFrom_closeWhileTheDelegateIgnoresGeneratorExit_failsAndUnwindsTheDelegator() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> ignoresGeneratorExit(log));
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> delegatesTo(delegate, log));

        IllegalStateException failure = assertThrows(IllegalStateException.class, c::close);

        assertTrue(failure.getMessage().contains("GeneratorExit"), failure.getMessage());
        assertEquals(List.of("delegate ignored exit", "delegator finally"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
        assertEquals(CoroutineState.SUSPENDED, delegate.state());
    }

    @Test
    void yieldFrom_closeClosesTheDelegateFirstThenTheDelegator() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> delegate = Coroutines.create(() -> summer(log));
        CoroutineHandle<Integer, Object> c = Coroutines.start(() -> delegatesTo(delegate, log));
        c.send(1);

        c.close();

        assertEquals(List.of("summer finally", "delegator finally"), log);
        assertEquals(CoroutineState.CLOSED, delegate.state());
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void yieldFrom_finishedDelegate_returnsAtOnceWithNull() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> letters("x", 1));
        delegate.next();
        assertEquals("x done", assertThrows(StopIteration.class, delegate::next).value());
        CoroutineHandle<Object, String> c = Coroutines.create(() -> delegatesTo(delegate, log));

        assertEquals("after delegation", c.next());

        assertEquals(List.of("delegate returned null"), log);
    }

    @Test
    void yieldFrom_closedUnstartedDelegate_returnsAtOnceWithNull() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> letters("x", 1));
        delegate.close();
        CoroutineHandle<Object, String> c = Coroutines.create(() -> delegatesTo(delegate, log));

        assertEquals("after delegation", c.next());

        assertEquals(List.of("delegate returned null"), log);
    }

    @Test
    void yieldFrom_delegateRaises_theSameInstancePropagatesIntoTheDelegator() {
        List<String> log = new ArrayList<>();
        ArithmeticException failure = new ArithmeticException("delegate failed");
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> {
            Coroutines.yield("one");
            throw failure;
        });
        CoroutineHandle<Object, String> c = Coroutines.start(() -> delegatorCatching(delegate, log));

        assertEquals("delegator recovered", c.next());

        assertEquals(List.of("delegator caught delegate failed"), log);
        assertSame(failure, assertThrows(ArithmeticException.class, () -> delegate.throwIn(failure)));
    }

    @Test
    void yieldFrom_nestedThreeDeep_valuesAndSendsPassThroughEveryLevel() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.create(() -> level(3, log));

        List<String> seen = new ArrayList<>();
        seen.add(c.next());
        seen.add(c.next());
        seen.add(c.next());
        seen.add(c.next());
        seen.add(c.send("hello"));
        seen.add(c.send("again"));
        seen.add(c.next());
        seen.add(c.next());
        StopIteration stop = assertThrows(StopIteration.class, c::next);

        assertEquals(List.of("level 3 before", "level 2 before", "level 1 before", "bottom ready", "bottom got hello",
                "level 1 saw bottom returned again", "level 2 saw level 1 returned", "level 3 saw level 2 returned"), seen);
        assertEquals(List.of("bottom received hello", "bottom received again"), log);
        assertEquals("level 3 returned", stop.value());
    }

    @Test
    void yieldFrom_outsideAnyCoroutine_isRefused() {
        CoroutineHandle<Object, String> delegate = Coroutines.create(() -> letters("a", 1));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Coroutines.yieldFrom(delegate));

        assertTrue(refused.getMessage().contains("outside any coroutine"), refused.getMessage());
        assertEquals(CoroutineState.CREATED, delegate.state(), "the refused delegation must not have run the delegate");
    }

    @Coroutine
    static String lettersCatching() {
        try {
            Coroutines.yieldAll(java.util.List.of("a", "b", "c"));
            return "all";
        } catch (IllegalStateException e) {
            return "stopped by " + e.getMessage();
        }
    }

    @Test
    void yieldAll_yieldsEachElementOnNextAndOnSendOfNull() {
        CoroutineHandle<Object, Object> g = Coroutines.create(() -> lettersCatching());
        org.junit.jupiter.api.Assertions.assertEquals("a", g.next());
        org.junit.jupiter.api.Assertions.assertEquals("b", g.send(null));
        org.junit.jupiter.api.Assertions.assertEquals("c", g.next());
        dev.coflow.StopIteration stop = org.junit.jupiter.api.Assertions.assertThrows(dev.coflow.StopIteration.class, g::next);
        org.junit.jupiter.api.Assertions.assertEquals("all", stop.value());
    }

    @Test
    void yieldAll_throwInIsRaisedAtTheCallAndEndsTheIteration() {
        CoroutineHandle<Object, Object> g = Coroutines.create(() -> lettersCatching());
        org.junit.jupiter.api.Assertions.assertEquals("a", g.next());
        dev.coflow.StopIteration stop = org.junit.jupiter.api.Assertions.assertThrows(dev.coflow.StopIteration.class,
                () -> g.throwIn(new IllegalStateException("enough")));
        org.junit.jupiter.api.Assertions.assertEquals("stopped by enough", stop.value());
    }
}
