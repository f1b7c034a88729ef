package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Where a coroutine is in its life (Python's {@code inspect.getgeneratorstate}), coroutines that
 * resume other coroutines, exceptions leaving a body, threads, and the run-time diagnostics.
 */
class StatesAndThreadsIT {

    @Coroutine
    static void observesItself(AtomicReference<CoroutineHandle<?, ?>> self, List<CoroutineState> seen) {
        seen.add(self.get().state());
        Coroutines.yield("first");
        seen.add(self.get().state());
    }

    /** Tries to resume itself with the given action and yields what happened. */
    @Coroutine
    static void resumesItself(AtomicReference<CoroutineHandle<Object, Object>> self, Consumer<CoroutineHandle<Object, Object>> action) {
        String outcome;
        try {
            action.accept(self.get());
            outcome = "resumed itself";
        } catch (IllegalStateException e) {
            outcome = e.getMessage();
        }
        Coroutines.yield(outcome);
        Coroutines.yield("still usable");
    }

    @Coroutine
    static void waitsWhileRunning(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
        Coroutines.yield("released");
    }

    /** Sink of the pipeline: counts what it received in a local and yields the count. */
    @Coroutine
    static void countingSink(List<String> out, List<CoroutineHandle<?, ?>> outer, List<List<CoroutineState>> observed) {
        int count = 0;
        while (true) {
            String item = Coroutines.yield(count);
            List<CoroutineState> states = new ArrayList<>();
            for (CoroutineHandle<?, ?> h : outer) {
                states.add(h.state());
            }
            observed.add(states);
            out.add(item);
            count++;
        }
    }

    /** Filter: passes on items longer than three characters; yields its own counts and the sink's. */
    @Coroutine
    static void lengthFilter(CoroutineHandle<String, Integer> sink) {
        int seen = 0;
        int passed = 0;
        int sinkCount = 0;
        while (true) {
            String item = Coroutines.yield("seen " + seen + ", passed " + passed + ", sink has " + sinkCount);
            seen++;
            if (item.length() > 3) {
                passed++;
                sinkCount = sink.send(item);
            }
        }
    }

    /** Source: a generator that pushes each item into the filter and yields the filter's report. */
    @Coroutine
    static void source(List<String> items, CoroutineHandle<String, String> filter) {
        int index = 0;
        for (String item : items) {
            String report = filter.send(item);
            Coroutines.yield(index++ + ": " + report);
        }
    }

    /** One link of a chain of coroutines that resume each other: adds its own sum in front of the inner ones. */
    @Coroutine
    static void relay(int level, CoroutineHandle<Integer, List<Integer>> inner, List<CoroutineHandle<?, ?>> chain,
                      List<Boolean> allRunning) {
        int sum = 0;
        List<Integer> report = List.of();
        while (true) {
            Integer value = Coroutines.yield(report);
            sum += value + level;
            List<Integer> below;
            if (inner == null) {
                boolean running = true;
                for (CoroutineHandle<?, ?> h : chain) {
                    running &= h.state() == CoroutineState.RUNNING;
                }
                allRunning.add(running);
                below = List.of();
            } else {
                below = inner.send(value);
            }
            List<Integer> mine = new ArrayList<>();
            mine.add(sum);
            mine.addAll(below);
            report = mine;
        }
    }

    @Coroutine
    static void failsAfterResume(RuntimeException failure) {
        Coroutines.yield("armed");
        throw failure;
    }

    @Coroutine
    static void drivesAnExhaustedCoroutine(CoroutineHandle<Object, Object> exhausted) {
        Coroutines.yield("before");
        exhausted.next();
        Coroutines.yield("after");
    }

    @Coroutine
    static void accumulates(List<String> threads) {
        long total = 0;
        double product = 1.0;
        String trail = "";
        while (true) {
            Integer x = Coroutines.yield(total + " " + product + " " + trail);
            threads.add(Thread.currentThread().getName());
            total += x;
            product *= x;
            trail += x;
        }
    }

    @Coroutine
    static void suspendsOnce(String value) {
        Coroutines.yield(value);
    }

    @Coroutine
    static void whereOuter(List<Integer> lines) {
        lines.add(SourceLines.here()); whereInner(lines);
    }

    @Coroutine
    static void whereInner(List<Integer> lines) {
        lines.add(SourceLines.here()); Coroutines.yield("deep");
    }

    @Coroutine
    static void whereFromInside(AtomicReference<CoroutineHandle<?, ?>> self, List<List<String>> seen) {
        whereFromInsideInner(self, seen);
    }

    @Coroutine
    static void whereFromInsideInner(AtomicReference<CoroutineHandle<?, ?>> self, List<List<String>> seen) {
        seen.add(self.get().where());
        Coroutines.yield("first");
        seen.add(self.get().where());
    }

    // ---------------------------------------------------------------- states

    @Test
    void state_goesFromCreatedToSuspendedToClosed() {
        AtomicReference<CoroutineHandle<?, ?>> self = new AtomicReference<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> observesItself(self, new ArrayList<>()));
        self.set(c);
        assertEquals(CoroutineState.CREATED, c.state());

        c.next();
        assertEquals(CoroutineState.SUSPENDED, c.state());

        assertThrows(StopIteration.class, c::next);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void state_observedFromInsideTheBody_isRunning() {
        AtomicReference<CoroutineHandle<?, ?>> self = new AtomicReference<>();
        List<CoroutineState> seen = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> observesItself(self, seen));
        self.set(c);

        c.next();
        assertThrows(StopIteration.class, c::next);

        assertEquals(List.of(CoroutineState.RUNNING, CoroutineState.RUNNING), seen);
    }

    @Test
    void next_fromInsideItself_failsAlreadyRunningAndChangesNothing() {
        assertResumingItselfFails(CoroutineHandle::next);
    }

    @Test
    void send_fromInsideItself_failsAlreadyRunningAndChangesNothing() {
        assertResumingItselfFails(c -> c.send("to myself"));
    }

    @Test
    void throwIn_fromInsideItself_failsAlreadyRunningAndChangesNothing() {
        assertResumingItselfFails(c -> c.throwIn(new ArithmeticException("to myself")));
    }

    @Test
    void close_fromInsideItself_failsAlreadyRunningAndChangesNothing() {
        assertResumingItselfFails(CoroutineHandle::close);
    }

    private static void assertResumingItselfFails(Consumer<CoroutineHandle<Object, Object>> action) {
        AtomicReference<CoroutineHandle<Object, Object>> self = new AtomicReference<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> resumesItself(self, action));
        self.set(c);

        String outcome = (String) c.next();

        assertTrue(outcome.contains("already running"), outcome);
        assertTrue(outcome.contains("inside itself"), outcome);
        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertEquals("still usable", c.next());
    }

    @Test
    void next_fromAnotherThreadWhileRunning_failsAlreadyRunningNamingTheThread() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> {
            try {
                waitsWhileRunning(entered, release);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "coroutine-runner"));
        try {
            Future<Object> first = runner.submit(c::next);
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            IllegalStateException refused = assertThrows(IllegalStateException.class, c::next);
            assertEquals(CoroutineState.RUNNING, c.state());
            release.countDown();

            assertTrue(refused.getMessage().contains("already running on thread coroutine-runner"), refused.getMessage());
            assertEquals("released", first.get(10, TimeUnit.SECONDS));
            assertEquals(CoroutineState.SUSPENDED, c.state());
        } finally {
            release.countDown();
            runner.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- coroutines resuming coroutines

    @Test
    void send_pipelineSourceFilterSink_eachStageKeepsItsOwnState() {
        List<String> out = new ArrayList<>();
        List<CoroutineHandle<?, ?>> outer = new ArrayList<>();
        List<List<CoroutineState>> observed = new ArrayList<>();
        CoroutineHandle<String, Integer> sink = Coroutines.start(() -> countingSink(out, outer, observed));
        CoroutineHandle<String, String> filter = Coroutines.start(() -> lengthFilter(sink));
        Generator<String> source = Coroutines.generate(() -> source(List.of("a", "tubes", "abc", "series", "python"), filter));
        outer.add(source);
        outer.add(filter);

        List<String> reports = new ArrayList<>();
        source.forEach(reports::add);

        assertEquals(List.of(
                "0: seen 1, passed 0, sink has 0",
                "1: seen 2, passed 1, sink has 1",
                "2: seen 3, passed 1, sink has 1",
                "3: seen 4, passed 2, sink has 2",
                "4: seen 5, passed 3, sink has 3"), reports);
        assertEquals(List.of("tubes", "series", "python"), out);
        assertEquals(Collections.nCopies(3, List.of(CoroutineState.RUNNING, CoroutineState.RUNNING)), observed);
        assertEquals(CoroutineState.SUSPENDED, filter.state());
        assertEquals(CoroutineState.SUSPENDED, sink.state());
    }

    @Test
    void send_coroutinesResumingEachOtherFiftyDeep_eachKeepsItsOwnState() {
        int depth = 50;
        List<CoroutineHandle<?, ?>> chain = new ArrayList<>();
        List<Boolean> allRunning = new ArrayList<>();
        CoroutineHandle<Integer, List<Integer>> inner = null;
        for (int level = depth - 1; level >= 0; level--) {
            int thisLevel = level;
            CoroutineHandle<Integer, List<Integer>> below = inner;
            inner = Coroutines.start(() -> relay(thisLevel, below, chain, allRunning));
            chain.add(inner);
        }
        CoroutineHandle<Integer, List<Integer>> top = inner;

        top.send(1);
        top.send(2);
        List<Integer> sums = top.send(3);

        List<Integer> expected = new ArrayList<>();
        for (int level = 0; level < depth; level++) {
            expected.add(1 + 2 + 3 + 3 * level);
        }
        assertEquals(expected, sums);
        assertEquals(List.of(true, true, true), allRunning, "every link of the chain is running while the innermost runs");
        for (CoroutineHandle<?, ?> link : chain) {
            assertEquals(CoroutineState.SUSPENDED, link.state());
        }
    }

    // ---------------------------------------------------------------- exceptions leaving the body

    @Test
    void next_exceptionEscapingTheBody_propagatesAsTheSameInstanceAndCloses() {
        ArithmeticException failure = new ArithmeticException("escapes the body");
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> failsAfterResume(failure));

        assertSame(failure, assertThrows(ArithmeticException.class, c::next));

        assertEquals(CoroutineState.CLOSED, c.state());
        assertFalse(c.hasResult());
        assertThrows(StopIteration.class, c::next);
    }

    @Test
    void next_stopIterationEscapingTheBody_becomesIllegalStateWithTheStopAsCause() {
        CoroutineHandle<Object, Object> exhausted = Coroutines.create(() -> "done");
        assertThrows(StopIteration.class, exhausted::next);
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> drivesAnExhaustedCoroutine(exhausted));

        IllegalStateException failure = assertThrows(IllegalStateException.class, c::next);

        assertInstanceOf(StopIteration.class, failure.getCause());
        assertTrue(failure.getMessage().contains("PEP 479"), failure.getMessage());
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void forEach_stopIterationEscapingAGeneratorBody_endsTheLoopWithIllegalStateNotQuietly() {
        CoroutineHandle<Object, Object> exhausted = Coroutines.create(() -> "done");
        assertThrows(StopIteration.class, exhausted::next);
        List<Object> seen = new ArrayList<>();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            for (Object o : Coroutines.generate(() -> drivesAnExhaustedCoroutine(exhausted))) {
                seen.add(o);
            }
        });

        assertInstanceOf(StopIteration.class, failure.getCause());
        assertEquals(List.of("before"), seen);
    }

    // ---------------------------------------------------------------- threads

    @Test
    void send_fromAnotherThread_seesTheStateSavedOnTheFirst() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CoroutineHandle<Integer, String> c = Coroutines.start(() -> accumulates(threads));
        assertEquals("1 1.0 1", c.send(1));
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));
        try {
            assertEquals("3 2.0 12", other.submit(() -> c.send(2)).get(10, TimeUnit.SECONDS));
            assertEquals(CoroutineState.SUSPENDED, c.state());
            assertEquals("6 6.0 123", c.send(3));
            assertEquals("10 24.0 1234", other.submit(() -> c.send(4)).get(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
        assertEquals(List.of(Thread.currentThread().getName(), "other-thread", Thread.currentThread().getName(), "other-thread"),
                threads);
    }

    @Test
    void send_handedBackAndForthBetweenThreadsManyTimes_keepsEveryValue() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CoroutineHandle<Integer, String> c = Coroutines.start(() -> accumulates(threads));
        ExecutorService first = Executors.newSingleThreadExecutor();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            String last = null;
            for (int i = 1; i <= 200; i++) {
                int value = i % 2 + 1;
                last = (i % 2 == 0 ? first : second).submit(() -> c.send(value)).get(10, TimeUnit.SECONDS);
            }
            long total = 100L * 2 + 100L * 1;
            assertTrue(last.startsWith(total + " " + Math.pow(2, 100) + " "), last);
        } finally {
            first.shutdownNow();
            second.shutdownNow();
        }
        assertEquals(200, threads.size());
    }

    // ---------------------------------------------------------------- diagnostics

    @Test
    void yield_outsideAnyCoroutine_afterACoroutineRanOnThisThread_isStillOutside() {
        // the thread's carrier goes on naming the coroutine it ran last (docs/design.md): it must not count
        CoroutineHandle<Integer, String> c = Coroutines.start(() -> accumulates(new ArrayList<>()));
        c.send(1);
        IllegalStateException afterYield = assertThrows(IllegalStateException.class, () -> suspendsOnce("after a yield"));
        assertTrue(afterYield.getMessage().contains("outside any coroutine"), afterYield.getMessage());
        assertEquals(CoroutineState.SUSPENDED, c.state());
        c.close();
        IllegalStateException afterClose = assertThrows(IllegalStateException.class, () -> suspendsOnce("after close"));
        assertTrue(afterClose.getMessage().contains("outside any coroutine"), afterClose.getMessage());
    }

    @Test
    void yield_outsideAnyCoroutine_onAThreadWhoseLastCoroutineNowRunsElsewhere_isStillOutside() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> {
            Coroutines.yield("here first");
            try {
                waitsWhileRunning(entered, release);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("here first", c.next()); // it ran on this thread last
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> elsewhere = other.submit(() -> c.next()); // now it runs, and blocks, on the other thread
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> suspendsOnce("while it runs elsewhere"));
            assertTrue(failure.getMessage().contains("outside any coroutine"), failure.getMessage());
            release.countDown();
            elsewhere.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    @Test
    void yield_inARewrittenMethodOutsideAnyCoroutine_failsNamingTheMethod() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> suspendsOnce("nowhere to go"));

        assertFalse(failure instanceof NotRewrittenException, "the method was rewritten: " + failure);
        assertTrue(failure.getMessage().contains("outside any coroutine"), failure.getMessage());
        assertTrue(failure.getMessage().contains(StatesAndThreadsIT.class.getName() + "#suspendsOnce"), failure.getMessage());
    }

    @Test
    void where_listsTheSuspendedFramesInnermostFirstWithFileAndLine() {
        List<Integer> lines = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> whereOuter(lines));
        assertEquals(List.of(), c.where());

        c.next();

        List<String> where = c.where();
        String owner = StatesAndThreadsIT.class.getName();
        String file = StatesAndThreadsIT.class.getSimpleName() + ".java";
        assertEquals(owner + "#whereInner (Ljava/util/List;)V (" + file + ":" + lines.get(1) + ")", where.get(0));
        assertEquals(owner + "#whereOuter (Ljava/util/List;)V (" + file + ":" + lines.get(0) + ")", where.get(1));
        assertEquals(2, where.size(), "inner and outer; the lambda only forwards to outer and keeps no frame: " + where);
        assertTrue(c.toString().contains(where.get(0)), c.toString());

        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of(), c.where());
    }

    @Test
    void where_aLambdaThatDoesMoreThanForward_isListedToo() {
        List<Integer> lines = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> {
            whereOuter(lines);
            lines.add(-1);
        });

        c.next();

        List<String> where = c.where();
        assertEquals(3, where.size(), "inner, outer and the lambda that calls outer: " + where);
        assertTrue(where.get(2).startsWith(StatesAndThreadsIT.class.getName() + "#lambda$"), where.get(2));
        assertThrows(StopIteration.class, c::next);
        assertEquals(-1, lines.get(lines.size() - 1));
    }

    @Test
    void where_whileRunning_isEmpty() {
        AtomicReference<CoroutineHandle<?, ?>> self = new AtomicReference<>();
        List<List<String>> seen = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.create(() -> whereFromInside(self, seen));
        self.set(c);

        c.next();
        assertEquals(2, c.where().size(), "suspended: inner and outer (the lambda only forwards and keeps no frame)");
        assertThrows(StopIteration.class, c::next);

        assertEquals(List.of(List.of(), List.of()), seen, "asked from inside the running body, first run and after a resume");
    }
}
