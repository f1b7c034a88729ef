package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Generators as lazy sequences (PEP 255): for-each, iterators and streams, through the real agent. */
class IterationIT {

    @Coroutine
    static void countdown(int n) {
        while (n > 0) {
            Coroutines.yield(n--);
        }
    }

    @Coroutine
    static void naturals(List<String> log) {
        try {
            for (int i = 0; ; i++) {
                log.add("produced " + i);
                Coroutines.yield(i);
            }
        } finally {
            log.add("naturals finally");
        }
    }

    @Coroutine
    static void withNulls() {
        Coroutines.yield("a");
        Coroutines.yield(null);
        Coroutines.yield("b");
        Coroutines.yield(null);
    }

    @Coroutine
    static String countsThenReturns(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(i);
        }
        return "yielded " + n;
    }

    /** A generator that consumes another generator: Python's {@code (x * x for x in xs if x % 2 == 0)}. */
    @Coroutine
    static void squaresOfEvens(Iterable<Integer> source) {
        for (int x : source) {
            if (x % 2 == 0) {
                Coroutines.yield(x * x);
            }
        }
    }

    @Test
    void forEach_visitsEveryYieldedValueInOrder() {
        List<Integer> out = new ArrayList<>();
        for (int i : Coroutines.<Integer>generate(() -> countdown(4))) {
            out.add(i);
        }
        assertEquals(List.of(4, 3, 2, 1), out);
    }

    @Test
    void forEach_nullIsAnOrdinaryElement() {
        List<Object> out = new ArrayList<>();
        for (Object o : Coroutines.generate(() -> withNulls())) {
            out.add(o);
        }
        assertEquals(Arrays.asList("a", null, "b", null), out);
    }

    @Test
    void forEach_generatorConsumingAnotherGenerator_pullsThroughBoth() {
        Generator<Integer> source = Coroutines.generate(() -> countdown(6));
        List<Integer> out = new ArrayList<>();
        for (int i : Coroutines.<Integer>generate(() -> squaresOfEvens(source))) {
            out.add(i);
        }
        assertEquals(List.of(36, 16, 4), out);
        assertEquals(CoroutineState.CLOSED, source.state());
    }

    @Test
    void iterator_doesNotPrefetch_sideEffectsBetweenYieldsHappenOnlyWhenHasNextIsCalled() {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Coroutines.generate(() -> naturals(log));
        Iterator<Integer> it = g.iterator();
        assertEquals(List.of(), log, "nothing runs before the first element is asked for");

        assertTrue(it.hasNext());
        assertEquals(List.of("produced 0"), log);
        assertEquals(0, it.next());
        assertEquals(List.of("produced 0"), log, "taking an element must not run the body ahead to the next one");

        assertTrue(it.hasNext());
        assertEquals(List.of("produced 0", "produced 1"), log);
        assertTrue(it.hasNext(), "asking twice runs nothing more");
        assertEquals(List.of("produced 0", "produced 1"), log);
        assertEquals(1, it.next());
    }

    @Test
    void iterator_afterTheLastElement_hasNextIsFalseAndNextThrowsNoSuchElement() {
        Iterator<Integer> it = Coroutines.<Integer>generate(() -> countdown(1)).iterator();
        assertEquals(1, it.next());

        assertFalse(it.hasNext());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void iterator_iteratingAgain_continuesWhereTheLastIterationStopped() {
        Generator<Integer> g = Coroutines.generate(() -> countdown(5));
        List<Integer> first = new ArrayList<>();
        for (int i : g) {
            first.add(i);
            if (i == 3) {
                break;
            }
        }
        List<Integer> rest = new ArrayList<>();
        for (int i : g) {
            rest.add(i);
        }
        assertEquals(List.of(5, 4, 3), first);
        assertEquals(List.of(2, 1), rest);
    }

    @Test
    void generate_bodyReturnValue_isTheResultAfterIteration() {
        Generator<Integer> g = Coroutines.generate(() -> countsThenReturns(3));
        List<Integer> out = new ArrayList<>();
        g.forEach(out::add);

        assertEquals(List.of(0, 1, 2), out);
        assertTrue(g.hasResult());
        assertEquals("yielded 3", g.result());
    }

    @Test
    void stream_limitOnAnInfiniteGenerator_runsTheBodyOnlyAsFarAsNeeded() {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Coroutines.generate(() -> naturals(log));

        List<Integer> firstFive = g.stream().limit(5).collect(Collectors.toList());

        assertEquals(List.of(0, 1, 2, 3, 4), firstFive);
        assertEquals(List.of("produced 0", "produced 1", "produced 2", "produced 3", "produced 4"), log);
        assertEquals(CoroutineState.SUSPENDED, g.state());
    }

    @Test
    void stream_closingTheStream_closesTheGenerator() {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Coroutines.generate(() -> naturals(log));

        int sum;
        try (Stream<Integer> s = g.stream()) {
            sum = s.filter(i -> i % 2 == 1).limit(3).mapToInt(Integer::intValue).sum();
        }

        assertEquals(1 + 3 + 5, sum);
        assertEquals(CoroutineState.CLOSED, g.state());
        assertEquals("naturals finally", log.get(log.size() - 1));
    }

    @Test
    void stream_ofAFiniteGenerator_seesEveryValue() {
        assertEquals(List.of(3, 2, 1), Coroutines.<Integer>generate(() -> countdown(3)).stream().collect(Collectors.toList()));
    }

    @Coroutine
    static void oneTwoThree() {
        Coroutines.yield(1);
        Coroutines.yield(2);
        Coroutines.yield(3);
    }

    @Test
    void hasNext_thenHandleNext_givesTheValueHasNextRanAheadTo() {
        dev.coflow.Generator<Integer> g = Coroutines.generate(() -> oneTwoThree());
        java.util.Iterator<Integer> it = g.iterator();
        org.junit.jupiter.api.Assertions.assertTrue(it.hasNext());
        org.junit.jupiter.api.Assertions.assertEquals(dev.coflow.CoroutineState.SUSPENDED, g.state());
        org.junit.jupiter.api.Assertions.assertEquals(1, g.next());
        org.junit.jupiter.api.Assertions.assertEquals(2, it.next());
        org.junit.jupiter.api.Assertions.assertTrue(it.hasNext());
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> g.send(7));
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("hasNext()"), refused.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(3, it.next());
        org.junit.jupiter.api.Assertions.assertFalse(it.hasNext());
        org.junit.jupiter.api.Assertions.assertTrue(g.isDone());
    }
}
