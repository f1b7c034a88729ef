package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core of Python's generator protocol (PEP 255, PEP 342) through the real agent: creating,
 * priming, {@code next}, {@code send}, and how a coroutine finishes.
 */
class GeneratorProtocolIT {

    @Coroutine
    static void logged(List<String> log) {
        log.add("body started");
        Coroutines.yield("first");
        log.add("after first yield");
        Coroutines.yield("second");
        log.add("after second yield");
    }

    /** Python's {@code received = yield reply}: answers every value sent in with what it received. */
    @Coroutine
    static String echo(List<String> received) {
        String reply = "ready";
        while (true) {
            String value = Coroutines.yield(reply);
            if (value == null) {
                return "echoed " + received.size();
            }
            received.add(value);
            reply = "got " + value;
        }
    }

    @Coroutine
    static int yieldsTwiceThenReturns(int result) {
        Coroutines.yield(1);
        Coroutines.yield(2);
        return result;
    }

    @Coroutine
    static Object yieldsNullThenReturnsNull() {
        Coroutines.yield(null);
        return null;
    }

    @Test
    void create_runsNothingOfTheBodyUntilTheFirstResume() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.create(() -> logged(log));

        assertEquals(List.of(), log);
        assertEquals(CoroutineState.CREATED, c.state());

        assertEquals("first", c.next());
        assertEquals(List.of("body started"), log);
    }

    @Test
    void start_runsTheBodyToItsFirstYieldAndNoFurther() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.start(() -> logged(log));

        assertEquals(List.of("body started"), log);
        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertEquals("second", c.next());
        assertEquals(List.of("body started", "after first yield"), log);
    }

    @Test
    void start_bodyThatReturnsWithoutYielding_givesAClosedHandleWithTheResult() {
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> "done at once");

        assertEquals(CoroutineState.CLOSED, c.state());
        assertTrue(c.hasResult());
        assertEquals("done at once", c.result());
    }

    @Test
    void next_returnsEachYieldedValueInOrder() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, String> c = Coroutines.create(() -> logged(log));

        assertEquals("first", c.next());
        assertEquals("second", c.next());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of("body started", "after first yield", "after second yield"), log);
    }

    @Test
    void send_valueBecomesTheResultOfThePendingYield() {
        List<String> received = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> echo(received));

        assertEquals("got python", c.send("python"));
        assertEquals("got generators", c.send("generators"));
        assertEquals(List.of("python", "generators"), received);
    }

    @Test
    void send_nullToCreatedCoroutine_startsItLikeNext() {
        List<String> received = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.create(() -> echo(received));

        assertEquals("ready", c.send(null));
        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertEquals(List.of(), received);
    }

    @Test
    void send_nonNullToCreatedCoroutine_isRefusedAndLeavesItUsable() {
        List<String> received = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.create(() -> echo(received));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> c.send("too early"));
        assertTrue(refused.getMessage().contains("\"too early\""), refused.getMessage());
        assertEquals(CoroutineState.CREATED, c.state());
        assertEquals(List.of(), received);

        assertEquals("ready", c.next());
        assertEquals("got now", c.send("now"));
        assertEquals(List.of("now"), received);
    }

    @Test
    void next_whenBodyReturns_raisesStopIterationCarryingTheReturnValue() {
        CoroutineHandle<Object, Integer> c = Coroutines.create(() -> yieldsTwiceThenReturns(42));
        c.next();
        c.next();

        StopIteration stop = assertThrows(StopIteration.class, c::next);

        assertEquals(42, (int) stop.value());
        assertEquals(CoroutineState.CLOSED, c.state());
        assertTrue(c.isDone());
        assertTrue(c.hasResult());
        assertEquals(42, (int) c.result());
    }

    @Test
    void send_whenBodyReturns_raisesStopIterationCarryingTheReturnValue() {
        List<String> received = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> echo(received));
        c.send("one");

        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));

        assertEquals("echoed 1", stop.value());
        assertEquals("echoed 1", c.result());
    }

    @Test
    void next_voidBodyFinishes_stopIterationValueAndResultAreNull() {
        CoroutineHandle<Object, String> c = Coroutines.create(() -> logged(new ArrayList<>()));
        c.next();
        c.next();

        StopIteration stop = assertThrows(StopIteration.class, c::next);

        assertNull(stop.value());
        assertTrue(c.hasResult());
        assertNull(c.result());
    }

    @Test
    void result_beforeTheBodyReturns_isRefused() {
        CoroutineHandle<Object, Integer> c = Coroutines.create(() -> yieldsTwiceThenReturns(7));
        assertFalse(c.hasResult());
        assertThrows(IllegalStateException.class, c::result);

        c.next();

        assertFalse(c.hasResult());
        IllegalStateException refused = assertThrows(IllegalStateException.class, c::result);
        assertTrue(refused.getMessage().contains("SUSPENDED"), refused.getMessage());
    }

    @Test
    void next_yieldedNull_isToldApartFromFinished() {
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> yieldsNullThenReturnsNull());

        assertNull(c.next());
        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertFalse(c.isDone());

        StopIteration stop = assertThrows(StopIteration.class, c::next);
        assertNull(stop.value());
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void next_onFinishedCoroutine_raisesStopIterationAgainWithNullValue() {
        CoroutineHandle<Object, Integer> c = Coroutines.create(() -> yieldsTwiceThenReturns(42));
        c.next();
        c.next();
        StopIteration first = assertThrows(StopIteration.class, c::next);
        assertEquals(42, (int) first.value());

        StopIteration again = assertThrows(StopIteration.class, c::next);
        StopIteration viaSend = assertThrows(StopIteration.class, () -> c.send(null));

        assertNull(again.value());
        assertNull(viaSend.value());
        assertEquals(42, (int) c.result(), "the result stays available after the stop has been reported");
    }

    @Test
    void next_manyCoroutinesOfTheSameMethod_keepSeparateState() {
        List<String> receivedByA = new ArrayList<>();
        List<String> receivedByB = new ArrayList<>();
        CoroutineHandle<String, String> a = Coroutines.start(() -> echo(receivedByA));
        CoroutineHandle<String, String> b = Coroutines.start(() -> echo(receivedByB));

        a.send("a1");
        b.send("b1");
        a.send("a2");

        assertEquals(List.of("a1", "a2"), receivedByA);
        assertEquals(List.of("b1"), receivedByB);
        assertEquals("echoed 2", assertThrows(StopIteration.class, () -> a.send(null)).value());
        assertEquals("echoed 1", assertThrows(StopIteration.class, () -> b.send(null)).value());
    }
}
