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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Flat delegation ({@code docs/delegation.md}): {@code Coroutines.yieldFrom} chains of any depth start,
 * run, return and close without nesting Java frames, and keep PEP 380's behaviour at depth; and
 * {@code Coroutines.yieldAll} over a plain Iterable refuses a value sent in, as Python's {@code yield from}
 * over an iterator does.
 */
class FlatDelegationIT {
    /** Deeper than any chain of nested Java frames fits in a default stack (a few thousand levels did not). */
    static final int DEEP = 100_000;

    /**
     * Level {@code depth} of a chain of delegations: the bottom yields, receives a number, yields again
     * and returns the number; each level above returns its delegate's result times 31 plus its depth.
     * Every level records its depth in {@code finallies} from its {@code finally}.
     */
    @Coroutine
    static int chain(int depth, List<Integer> finallies) {
        try {
            if (depth == 0) {
                Integer got = Coroutines.yield("bottom");
                Coroutines.yield("bottom got " + got);
                return got;
            }
            int inner = Coroutines.<Integer>yieldFrom(Coroutines.create(() -> chain(depth - 1, finallies)));
            return inner * 31 + depth;
        } finally {
            finallies.add(depth);
        }
    }

    /** What {@link #chain} returns at {@code depth} when the bottom received {@code sent}, computed plainly. */
    static int composed(int sent, int depth) {
        int r = sent;
        for (int d = 1; d <= depth; d++) {
            r = r * 31 + d;
        }
        return r;
    }

    static List<Integer> upTo(int depth) {
        return IntStream.rangeClosed(0, depth).boxed().collect(Collectors.toList());
    }

    /** Runs {@code body} on a new thread with the default stack size and rethrows what it threw. */
    static void onDefaultStack(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "default-stack");
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Test
    void yieldFrom_100000DeepChain_startsYieldsReceivesAndReturnsOnADefaultStack() throws Throwable {
        onDefaultStack(() -> {
            List<Integer> finallies = new ArrayList<>();
            CoroutineHandle<Integer, String> c = Coroutines.create(() -> chain(DEEP, finallies));

            assertEquals("bottom", c.next());
            assertEquals(List.of(), finallies);
            assertEquals("bottom got 7", c.send(7));
            StopIteration stop = assertThrows(StopIteration.class, c::next);

            assertEquals((Object) composed(7, DEEP), stop.value());
            assertEquals(upTo(DEEP), finallies, "every level's finally, innermost first");
            assertEquals(CoroutineState.CLOSED, c.state());
        });
    }

    @Test
    void yieldFrom_100000DeepChain_closeRunsEveryFinallyInnermostFirstOnADefaultStack() throws Throwable {
        onDefaultStack(() -> {
            List<Integer> finallies = new ArrayList<>();
            CoroutineHandle<Integer, String> c = Coroutines.create(() -> chain(DEEP, finallies));
            assertEquals("bottom", c.next());
            assertEquals("bottom got 11", c.send(11));

            c.close();

            assertEquals(upTo(DEEP), finallies, "every level's finally, innermost first");
            assertEquals(CoroutineState.CLOSED, c.state());
            assertThrows(StopIteration.class, c::next);
        });
    }

    @Test
    void yieldFrom_sendsAtDepth_reachTheInnermostDelegateEachTime() {
        List<Integer> finallies = new ArrayList<>();
        CoroutineHandle<Integer, String> c = Coroutines.start(() -> chain(50, finallies));

        assertEquals("bottom got 3", c.send(3));
        assertEquals((Object) composed(3, 50), assertThrows(StopIteration.class, () -> c.send(99)).value());
        assertEquals(upTo(50), finallies);
    }

    /**
     * Level {@code depth} of a chain whose bottom catches IllegalStateException (and yields again) and
     * reports GeneratorExit; level {@code catchAt} catches ArithmeticException coming out of its
     * delegate and yields; every level logs its finally.
     */
    @Coroutine
    static String relay(int depth, int catchAt, List<String> log, List<CoroutineHandle<?, ?>> made) {
        try {
            if (depth == 0) {
                String in;
                try {
                    in = Coroutines.yield("bottom");
                } catch (IllegalStateException e) {
                    log.add("bottom caught " + e.getMessage());
                    in = Coroutines.yield("bottom recovered");
                } catch (GeneratorExit e) {
                    log.add("bottom exit");
                    throw e;
                }
                return "bottom got " + in;
            }
            CoroutineHandle<String, String> delegate = Coroutines.create(() -> relay(depth - 1, catchAt, log, made));
            made.add(delegate);
            String inner;
            try {
                inner = Coroutines.yieldFrom(delegate);
            } catch (ArithmeticException e) {
                if (depth != catchAt) {
                    throw e;
                }
                log.add("caught at " + depth + ": " + e.getMessage());
                inner = Coroutines.yield("recovered at " + depth);
            }
            return inner;
        } finally {
            log.add("finally " + depth);
        }
    }

    static List<String> finallies(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            out.add("finally " + d);
        }
        return out;
    }

    @Test
    void yieldFrom_throwInAtDepth_isRaisedInTheInnermostDelegate_whichCatchesAndYields() {
        List<String> log = new ArrayList<>();
        List<CoroutineHandle<?, ?>> made = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> relay(1000, -1, log, made));

        assertEquals("bottom recovered", c.throwIn(new IllegalStateException("thrown at the root")));
        assertEquals(List.of("bottom caught thrown at the root"), log);
        assertEquals(1000, made.size());
        made.forEach(h -> assertEquals(CoroutineState.SUSPENDED, h.state()));

        StopIteration stop = assertThrows(StopIteration.class, () -> c.send("v"));

        assertEquals("bottom got v", stop.value());
        List<String> expected = new ArrayList<>(List.of("bottom caught thrown at the root"));
        expected.addAll(finallies(0, 1000));
        assertEquals(expected, log);
        made.forEach(h -> assertEquals(CoroutineState.CLOSED, h.state()));
    }

    @Test
    void yieldFrom_throwInAtDepth_notCaughtBelow_unwindsInnermostFirstToTheLevelThatCatches() {
        List<String> log = new ArrayList<>();
        List<CoroutineHandle<?, ?>> made = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> relay(1000, 600, log, made));
        ArithmeticException thrown = new ArithmeticException("passes 600 levels");

        assertEquals("recovered at 600", c.throwIn(thrown));

        List<String> expected = finallies(0, 599);
        expected.add("caught at 600: passes 600 levels");
        assertEquals(expected, log);
        // the delegates below 600 (made[400..999]) failed; the levels from 600 up still run
        assertEquals(CoroutineState.CLOSED, made.get(999).state());
        assertEquals(CoroutineState.CLOSED, made.get(400).state());
        assertEquals(CoroutineState.SUSPENDED, made.get(399).state());

        StopIteration stop = assertThrows(StopIteration.class, () -> c.send("after"));

        assertEquals("after", stop.value());
        expected.addAll(finallies(600, 1000));
        assertEquals(expected, log);
    }

    @Test
    void yieldFrom_throwInAtDepth_caughtNowhere_propagatesOutOfTheRootAsTheSameInstance() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> relay(300, -1, log, new ArrayList<>()));
        ArithmeticException thrown = new ArithmeticException("nobody catches");

        assertSame(thrown, assertThrows(ArithmeticException.class, () -> c.throwIn(thrown)));

        assertEquals(finallies(0, 300), log);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void yieldFrom_closeAtDepth_raisesGeneratorExitInTheInnermostDelegateFirst() {
        List<String> log = new ArrayList<>();
        List<CoroutineHandle<?, ?>> made = new ArrayList<>();
        CoroutineHandle<String, String> c = Coroutines.start(() -> relay(1000, -1, log, made));

        c.close();

        List<String> expected = new ArrayList<>(List.of("bottom exit"));
        expected.addAll(finallies(0, 1000));
        assertEquals(expected, log);
        assertEquals(CoroutineState.CLOSED, c.state());
        made.forEach(h -> assertEquals(CoroutineState.CLOSED, h.state()));
    }

    @Coroutine
    static String delegator(CoroutineHandle<?, ?> delegate, List<String> log) {
        try {
            Object result = Coroutines.yieldFrom(delegate);
            log.add("delegate returned " + result);
            return String.valueOf(Coroutines.<Object>yield("after delegation"));
        } finally {
            log.add("delegator finally");
        }
    }

    @Coroutine
    static void ignoresExit(List<String> log) {
        try {
            Coroutines.yield("waiting");
        } catch (GeneratorExit e) {
            log.add("bottom ignored exit");
        }
        Coroutines.yield("still here");
    }

    @Test
    void yieldFrom_closeOfAChainWhoseInnermostDelegateIgnoresGeneratorExit_failsInItsDelegatorAndUnwindsTheRest() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> bottom = Coroutines.create(() -> ignoresExit(log));
        CoroutineHandle<Object, Object> middle = Coroutines.create(() -> delegator(bottom, log));
        CoroutineHandle<Object, Object> top = Coroutines.start(() -> delegator(middle, log));

        IllegalStateException failure = assertThrows(IllegalStateException.class, top::close);

        assertTrue(failure.getMessage().contains("ignored GeneratorExit") && failure.getMessage().contains("still here"),
                failure.getMessage());
        assertEquals(List.of("bottom ignored exit", "delegator finally", "delegator finally"), log);
        assertEquals(CoroutineState.SUSPENDED, bottom.state(), "the delegate that ignored the exit stays suspended");
        assertEquals(CoroutineState.CLOSED, middle.state());
        assertEquals(CoroutineState.CLOSED, top.state());
        bottom.close(); // at its second yield, outside its try: this time the exit ends it
        assertEquals(CoroutineState.CLOSED, bottom.state());
    }

    /** Level {@code i} of a chain over {@code ring}; the last yields, then delegates to {@code ring[target]}. */
    @Coroutine
    static String cycle(int i, int target, CoroutineHandle<?, ?>[] ring, List<String> log) {
        if (i < ring.length - 1) {
            return Coroutines.yieldFrom(ring[i + 1]);
        }
        Coroutines.yield("innermost ready");
        try {
            return Coroutines.yieldFrom(ring[target]);
        } catch (IllegalStateException e) {
            log.add(e.getMessage());
            return "refused";
        }
    }

    static CoroutineHandle<?, ?>[] ring(int size, int target, List<String> log) {
        CoroutineHandle<?, ?>[] ring = new CoroutineHandle<?, ?>[size];
        for (int i = 0; i < size; i++) {
            int level = i;
            ring[i] = Coroutines.create(() -> cycle(level, target, ring, log));
        }
        return ring;
    }

    @Test
    void yieldFrom_delegationCycle_isRefusedAsAlreadyRunningAtTheCall_forEveryCoroutineOfTheChain() {
        for (int target = 0; target < 4; target++) {
            List<String> log = new ArrayList<>();
            CoroutineHandle<?, ?>[] ring = ring(4, target, log);
            @SuppressWarnings("unchecked")
            CoroutineHandle<Object, Object> root = (CoroutineHandle<Object, Object>) ring[0];
            assertEquals("innermost ready", root.next());

            StopIteration stop = assertThrows(StopIteration.class, root::next, "target " + target);

            assertEquals("refused", stop.value());
            assertEquals(1, log.size());
            assertTrue(log.get(0).contains("already running"), log.get(0));
            for (CoroutineHandle<?, ?> h : ring) {
                assertEquals(CoroutineState.CLOSED, h.state());
            }
        }
    }

    @Test
    void yieldFrom_aDelegateResumedDirectly_keepsItsDelegatorWorking() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> sum = Coroutines.create(() -> DelegationIT.summer(log));
        CoroutineHandle<Object, Object> outer = Coroutines.start(() -> delegator(sum, log));

        assertEquals(5, outer.send(5));
        assertEquals(12, sum.send(7), "sent to the delegate itself");
        assertEquals(13, outer.send(1), "the delegator reaches the same delegate");
        assertEquals((Object) 13, assertThrows(StopIteration.class, () -> sum.send(null)).value());

        assertEquals("after delegation", outer.next(), "a delegate finished elsewhere ends the yieldFrom with null");
        assertEquals(List.of("summer finally", "delegate returned null"), log);
    }

    @Coroutine
    static String catchesArithmetic(CoroutineHandle<?, ?> delegate, List<String> log) {
        try {
            return String.valueOf(Coroutines.<Object>yieldFrom(delegate));
        } catch (ArithmeticException e) {
            log.add("middle caught " + e.getMessage());
            return Coroutines.yield("middle recovered");
        }
    }

    @Test
    void yieldFrom_aCoroutineInTheMiddleThrownAtDirectly_endsItsDelegation_andTheTopThenReachesIt() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> bottom = Coroutines.create(() -> DelegationIT.summer(log));
        CoroutineHandle<Object, Object> middle = Coroutines.create(() -> catchesArithmetic(bottom, log));
        CoroutineHandle<Object, Object> top = Coroutines.start(() -> delegator(middle, log));
        assertEquals(2, top.send(2), "the top's cache now points at the bottom");

        assertEquals("middle recovered", middle.throwIn(new ArithmeticException("at the middle")));
        assertEquals(List.of("summer finally", "middle caught at the middle"), log);
        assertEquals(CoroutineState.CLOSED, bottom.state());

        assertEquals("after delegation", top.send("m"), "the top's send goes to the middle now, not the closed bottom");
        assertEquals(List.of("summer finally", "middle caught at the middle", "delegate returned m"), log);
        assertEquals("sent", assertThrows(StopIteration.class, () -> top.send("sent")).value());
    }

    @Test
    void yieldFrom_aSuspendedDelegatingCoroutineAsADelegate_itsInnermostDelegateGetsTheFirstNext() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Integer, Integer> sum = Coroutines.create(() -> DelegationIT.summer(log));
        CoroutineHandle<Object, Object> inner = Coroutines.start(() -> delegator(sum, log));
        assertEquals(4, inner.send(4));
        CoroutineHandle<Object, Object> outer = Coroutines.create(() -> delegator(inner, log));

        assertEquals("after delegation", outer.next(), "next() went through inner to the summer, which returns on null");
        assertEquals(List.of("summer finally", "delegate returned 4"), log);

        assertEquals("after delegation", outer.send("z"));
        assertEquals(List.of("summer finally", "delegate returned 4", "delegator finally", "delegate returned z"), log);
    }

    record Node(int value, Node left, Node right) {
    }

    /** In-order walk: each subtree is a generator of its own, delegated to with yieldFrom. */
    @Coroutine
    static void walk(Node n) {
        if (n == null) {
            return;
        }
        Coroutines.yieldFrom(Coroutines.generate(() -> walk(n.left())));
        Coroutines.yield(n.value());
        Coroutines.yieldFrom(Coroutines.generate(() -> walk(n.right())));
    }

    static Node balanced(int from, int to) {
        if (from > to) {
            return null;
        }
        int mid = (from + to) >>> 1;
        return new Node(mid, balanced(from, mid - 1), balanced(mid + 1, to));
    }

    @Test
    void yieldFrom_recursiveGenerators_iteratedWithForEach_giveEveryValueInOrder() throws Throwable {
        List<Integer> seen = new ArrayList<>();
        for (int v : Coroutines.<Integer>generate(() -> walk(balanced(1, 1000)))) {
            seen.add(v);
        }
        assertEquals(IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList()), seen);

        // a degenerate tree: every value is 20,000 delegations deep at the end, on a default stack
        onDefaultStack(() -> {
            Node list = null;
            for (int v = 20_000; v >= 1; v--) {
                list = new Node(v, null, list);
            }
            Node tree = list;
            List<Integer> values = Coroutines.<Integer>generate(() -> walk(tree)).stream().collect(Collectors.toList());
            assertEquals(IntStream.rangeClosed(1, 20_000).boxed().collect(Collectors.toList()), values);
        });
    }

    // ---------------------------------------------------------------- yieldAll

    @Coroutine
    static String lettersWithFinally(List<String> log) {
        try {
            Coroutines.yieldAll(List.of("a", "b", "c"));
            log.add("after yieldAll");
            return "all";
        } finally {
            log.add("finally");
        }
    }

    @Coroutine
    static String lettersCatchingRefusal(List<String> log) {
        try {
            Coroutines.yieldAll(List.of("a", "b", "c"));
            return "all";
        } catch (UnsupportedOperationException e) {
            log.add("caught at the yieldAll call");
            return "refused";
        }
    }

    @Test
    void yieldAll_sendOfAValue_raisesUnsupportedOperationExceptionAtTheCall_andFinallyRuns() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> g = Coroutines.create(() -> lettersWithFinally(log));
        assertEquals("a", g.next());

        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, () -> g.send("x"));

        assertTrue(refused.getMessage().contains("Coroutines.yieldAll") && refused.getMessage().contains("\"x\""),
                refused.getMessage());
        assertEquals(List.of("finally"), log);
        assertEquals(CoroutineState.CLOSED, g.state());
    }

    @Test
    void yieldAll_sendOfAValue_canBeCaughtAroundTheCall() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> g = Coroutines.create(() -> lettersCatchingRefusal(log));
        assertEquals("a", g.next());
        assertEquals("b", g.send(null));

        assertEquals("refused", assertThrows(StopIteration.class, () -> g.send(42)).value());
        assertEquals(List.of("caught at the yieldAll call"), log);
    }

    @Test
    void yieldAll_closeAndThrowIn_behaveAsBefore() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> closed = Coroutines.create(() -> lettersWithFinally(log));
        assertEquals("a", closed.next());
        closed.close();
        assertEquals(List.of("finally"), log);

        log.clear();
        CoroutineHandle<Object, Object> thrownAt = Coroutines.create(() -> lettersWithFinally(log));
        assertEquals("a", thrownAt.next());
        IllegalArgumentException e = new IllegalArgumentException("stop");
        assertSame(e, assertThrows(IllegalArgumentException.class, () -> thrownAt.throwIn(e)));
        assertEquals(List.of("finally"), log);
    }

    @Test
    void yieldAll_underADelegation_refusesAValueSentThroughTheDelegator() {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> letters = Coroutines.create(() -> lettersWithFinally(log));
        CoroutineHandle<Object, Object> outer = Coroutines.create(() -> delegator(letters, log));
        assertEquals("a", outer.next());

        assertThrows(UnsupportedOperationException.class, () -> outer.send("x"));

        assertEquals(List.of("finally", "delegator finally"), log);
        assertEquals(Collections.nCopies(2, CoroutineState.CLOSED), List.of(letters.state(), outer.state()));
    }
}
