package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import dev.coflow.StopIteration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code g.throw(...)} and {@code g.close()} (PEP 342): an exception raised at the
 * suspension point, inside the body's own try/catch/finally.
 */
class ThrowInAndCloseIT {

    /** Catches IllegalArgumentException at its yield and yields a recovery value; finally always logs. */
    @Coroutine
    static void recoversAndYields(List<String> log) {
        try {
            Coroutines.yield("waiting");
            log.add("resumed normally");
        } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
            Coroutines.yield("recovered");
            log.add("after recovery");
        } finally {
            log.add("finally");
        }
    }

    @Coroutine
    static String recoversAndReturns(List<String> log) {
        try {
            Coroutines.yield("waiting");
            return "not thrown";
        } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
            return "handled " + e.getMessage();
        }
    }

    @Coroutine
    static void catchesOnlyArithmetic(List<String> log) {
        try {
            Coroutines.yield("waiting");
            log.add("resumed normally");
        } catch (ArithmeticException e) {
            log.add("caught arithmetic");
        } finally {
            log.add("finally");
        }
    }

    @Coroutine
    static void outerWithFinally(List<String> log) {
        try {
            middleWithFinally(log);
        } finally {
            log.add("outer finally");
        }
    }

    @Coroutine
    static void middleWithFinally(List<String> log) {
        try {
            innerWithFinally(log);
        } finally {
            log.add("middle finally");
        }
    }

    @Coroutine
    static void innerWithFinally(List<String> log) {
        try {
            while (true) {
                Coroutines.yield("tick");
            }
        } finally {
            log.add("inner finally");
        }
    }

    /** A consumer that catches IllegalStateException thrown in two calls below its yield. */
    @Coroutine
    static void catchesAboveNestedYield(List<String> log) {
        try {
            innerWithFinally(log);
        } catch (IllegalStateException e) {
            log.add("outer caught " + e.getMessage());
            Coroutines.yield("outer recovered");
        }
    }

    @Coroutine
    static void catchesEveryException(List<String> log) {
        while (true) {
            try {
                Coroutines.yield("waiting");
            } catch (Exception e) {
                log.add("swallowed " + e);
            }
        }
    }

    @Coroutine
    static void saysGoodbye(List<String> log) {
        try {
            while (true) {
                Coroutines.yield("waiting");
            }
        } catch (GeneratorExit e) {
            log.add("Going away. Goodbye");
        }
    }

    @Coroutine
    static void ignoresGeneratorExit(List<String> log) {
        try {
            Coroutines.yield("waiting");
        } catch (GeneratorExit e) {
            log.add("caught exit");
        }
        Coroutines.yield("still here");
        log.add("resumed after the ignored exit");
    }

    @Coroutine
    static void failsWhileClosing() {
        try {
            Coroutines.yield("waiting");
        } finally {
            throw new ArithmeticException("failed in finally");
        }
    }

    @Coroutine
    static void neverYields(List<String> log) {
        log.add("body ran");
    }

    @Coroutine
    static void catchesAnyException(List<Object> caught) {
        try {
            Coroutines.yield("waiting");
        } catch (Exception e) {
            caught.add(e);
            Coroutines.yield("caught " + e.getClass().getSimpleName());
        }
    }

    // ---------------------------------------------------------------- throwIn

    @Test
    void throwIn_raisesTheExceptionAtTheYieldInsideTheBodysTryCatch() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndYields(log));

        c.throwIn(new IllegalArgumentException("You're hosed"));

        assertEquals(List.of("caught You're hosed"), log);
    }

    @Test
    void throwIn_bodyCatchesAndYields_theYieldedValueIsTheResultOfThrowIn() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndYields(log));

        assertEquals("recovered", c.throwIn(new IllegalArgumentException("bad")));

        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of("caught bad", "after recovery", "finally"), log);
    }

    @Test
    void throwIn_bodyCatchesAndReturns_raisesStopIterationWithTheReturnValue() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndReturns(log));

        StopIteration stop = assertThrows(StopIteration.class, () -> c.throwIn(new IllegalArgumentException("bad")));

        assertEquals("handled bad", stop.value());
        assertEquals("handled bad", c.result());
        assertEquals(CoroutineState.CLOSED, c.state());
        assertEquals(List.of("caught bad"), log);
    }

    @Test
    void throwIn_uncaught_propagatesTheSameInstanceAfterFinallyAndCloses() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> catchesOnlyArithmetic(log));
        IllegalArgumentException thrown = new IllegalArgumentException("not caught");

        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> c.throwIn(thrown));

        assertSame(thrown, out);
        assertEquals(List.of("finally"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
        assertFalse(c.hasResult());
        assertThrows(StopIteration.class, c::next);
    }

    @Test
    void throwIn_suspendedInNestedCalls_unwindsThroughEveryFinallyInnermostFirst() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> outerWithFinally(log));
        ArithmeticException thrown = new ArithmeticException("through three frames");

        assertSame(thrown, assertThrows(ArithmeticException.class, () -> c.throwIn(thrown)));

        assertEquals(List.of("inner finally", "middle finally", "outer finally"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void throwIn_caughtByACallerOfTheSuspendedMethod_thatCallerHandlesIt() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> catchesAboveNestedYield(log));

        assertEquals("outer recovered", c.throwIn(new IllegalStateException("from the caller")));

        assertEquals(List.of("inner finally", "outer caught from the caller"), log);
    }

    @Test
    void throwIn_checkedException_isRaisedAtTheYieldAsTheSameInstance() {
        List<Object> caught = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> catchesAnyException(caught));
        IOException thrown = new IOException("checked");

        assertEquals("caught IOException", c.throwIn(thrown));

        assertEquals(1, caught.size());
        assertSame(thrown, caught.get(0));
    }

    @Test
    void throwIn_checkedExceptionNotCaught_propagatesOutOfThrowInAsTheSameInstance() {
        CoroutineHandle<Object, String> c = Coroutines.start(() -> catchesOnlyArithmetic(new ArrayList<>()));
        IOException thrown = new IOException("checked, not caught");

        assertSame(thrown, assertThrows(IOException.class, () -> c.throwIn(thrown)));
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void throwIn_onCreatedCoroutine_raisesAtOnceWithoutRunningTheBodyAndCloses() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.create(() -> recoversAndYields(log));
        IllegalArgumentException thrown = new IllegalArgumentException("before start");

        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> c.throwIn(thrown)));

        assertEquals(List.of(), log);
        assertEquals(CoroutineState.CLOSED, c.state());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of(), log);
    }

    @Test
    void throwIn_onClosedCoroutine_raisesAtOnce() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndYields(log));
        assertThrows(StopIteration.class, c::next);
        log.clear();
        IllegalArgumentException thrown = new IllegalArgumentException("after the end");

        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> c.throwIn(thrown)));

        assertEquals(List.of(), log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void throwIn_null_isRefusedAndLeavesTheCoroutineSuspended() {
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndYields(new ArrayList<>()));

        assertThrows(NullPointerException.class, () -> c.throwIn(null));

        assertEquals(CoroutineState.SUSPENDED, c.state());
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_raisesGeneratorExitAtTheYieldAndRunsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> outerWithFinally(log));
        c.next();

        c.close();

        assertEquals(List.of("inner finally", "middle finally", "outer finally"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
        assertFalse(c.hasResult());
    }

    @Test
    void close_catchExceptionInTheBody_doesNotSwallowGeneratorExit() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> catchesEveryException(log));
        c.throwIn(new IllegalStateException("an ordinary exception"));
        assertEquals(1, log.size(), "catch (Exception e) does catch ordinary exceptions");

        c.close();

        assertEquals(1, log.size(), "GeneratorExit must pass catch (Exception e): " + log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void close_bodyCatchesGeneratorExitAndReturns_closesQuietly() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> saysGoodbye(log));

        c.close();

        assertEquals(List.of("Going away. Goodbye"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void close_bodyCatchesGeneratorExitAndYields_failsWithIllegalStateMentioningGeneratorExit() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> ignoresGeneratorExit(log));

        IllegalStateException failure = assertThrows(IllegalStateException.class, c::close);

        assertTrue(failure.getMessage().contains("GeneratorExit"), failure.getMessage());
        assertTrue(failure.getMessage().contains("\"still here\""), failure.getMessage());
        assertEquals(List.of("caught exit"), log);
        assertEquals(CoroutineState.SUSPENDED, c.state(), "the coroutine stays suspended at its new yield");
    }

    @Test
    void close_bodyRaisesAnotherException_itPropagatesAndTheCoroutineIsClosed() {
        CoroutineHandle<Object, String> c = Coroutines.start(() -> failsWhileClosing());

        ArithmeticException failure = assertThrows(ArithmeticException.class, c::close);

        assertEquals("failed in finally", failure.getMessage());
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void close_onCreatedCoroutine_closesWithoutRunningTheBody() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.create(() -> neverYields(log));

        c.close();

        assertEquals(CoroutineState.CLOSED, c.state());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of(), log);
    }

    @Test
    void close_onClosedCoroutine_isANoOp() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> saysGoodbye(log));
        c.close();

        c.close();
        c.close();

        assertEquals(List.of("Going away. Goodbye"), log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void close_onFinishedCoroutine_keepsItsResult() {
        CoroutineHandle<Object, String> c = Coroutines.start(() -> recoversAndReturns(new ArrayList<>()));
        assertThrows(StopIteration.class, c::next);

        c.close();

        assertEquals("not thrown", c.result());
    }

    @Test
    void close_tryWithResources_closesTheHandleAtTheEndOfTheBlock() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> kept;
        try (CoroutineHandle<Object, String> c = Coroutines.start(() -> outerWithFinally(log))) {
            kept = c;
            assertEquals("tick", c.next());
            assertEquals(List.of(), log);
        }

        assertEquals(List.of("inner finally", "middle finally", "outer finally"), log);
        assertEquals(CoroutineState.CLOSED, kept.state());
    }
}
