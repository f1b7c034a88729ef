package dev.coflow.agent.properties;

import dev.coflow.agent.properties.programs.Op;
import dev.coflow.agent.properties.programs.ProgramRunner;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random programs (see {@link dev.coflow.agent.properties.programs.ProgramBuilder}) behave the same
 * rewritten and driven as coroutines as they do with their yield points compiled as plain calls:
 * same trace (records, caught exceptions, yielded values), same result. On failure jqwik shrinks
 * the op list, and the message shows the ops, both traces and the rewritten class. Shrinking is
 * unbounded ({@code ShrinkingMode.FULL}): bounded shrinking gives up after 10 seconds, too soon for
 * programs that fail only once they have burnt their fuel, and leaves its thread running.
 *
 * <p>The default run tries 5,600 programs (1,200 + 400 + 1,000 + 400 + 400 + 1,000 + 400 + 400 + 400, the last driving another coroutine from inside, about half of the sixth to eighth rejected before they run for want of a yield), and 500 sets of two to four taking turns on one thread (about 60% rejected: fewer than two of them yield): about a minute on an idle 2-core machine, 3x that under heavy load; {@code -Dcoflow.longRun=true}
 * tries {@value LongRunTries#FACTOR} times as many.
 */
@AddLifecycleHook(LongRunTries.class)
class GeneratedProgramTest {
    private static final ExecutorService OTHER_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coflow-other-resumer");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stopOtherThread() {
        OTHER_THREAD.shutdownNow();
    }

    @Property(tries = 1200, shrinking = ShrinkingMode.FULL)
    void rewritten_behavesAsPlain(@ForAll("programs") List<Op> ops) throws Throwable {
        ProgramCheck.of(ops).compare(-1, null, 1);
    }

    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void rewritten_behavesAsPlainWhenResumedOnAnotherThread(@ForAll("programs") List<Op> ops,
                                                             @ForAll @IntRange(min = 1, max = 3) int switchEvery) throws Throwable {
        ProgramCheck.of(ops).compare(-1, OTHER_THREAD, switchEvery);
    }

    /** The same programs as instance methods whose calls run on this or on another receiver, made per call. */
    @Property(tries = 1000, shrinking = ShrinkingMode.FULL)
    void rewritten_behavesAsPlain_withInstanceMethodsOnChangingReceivers(@ForAll("programs") List<Op> ops) throws Throwable {
        ProgramCheck check = ProgramCheck.withInstanceMethods(ops);
        // a call on this of an own method that was not rewritten is the armed call itself (DirectCallPass): met often enough
        Statistics.label("armed call on this").collect(check.hasArmedCallOnThis());
        Statistics.label("armed call on this").coverage(c -> c.check(true).percentage(p -> p >= 10));
        check.compare(-1, null, 1);
    }

    /**
     * The same programs with their calls of their own methods undone ({@code RedefinedClass}), as the agent defines a
     * class that another agent retransforms (Mockito's inline mocks): each such call goes through the method's bridge,
     * armed, and must give what the direct call gave.
     */
    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void undoneDirectCalls_behaveAsPlain(@ForAll("programs") List<Op> ops, @ForAll boolean instance) throws Throwable {
        (instance ? ProgramCheck.withInstanceMethods(ops) : ProgramCheck.of(ops)).undone().compare(-1, null, 1);
    }

    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void throwIn_behavesAsPlainThrowingAtTheSameYield(@ForAll("programs") List<Op> ops,
                                                      @ForAll @IntRange(min = 0, max = 6) int throwAt) throws Throwable {
        ProgramCheck.of(ops).compare(throwAt, null, 1);
    }

    /**
     * {@code close()} at a yield of the program does what a {@code GeneratorExit} thrown from that yield does in plain
     * Java: handlers that catch {@code Throwable} see it, finally blocks run (and may yield: then {@code close()} fails
     * there, "ignored GeneratorExit", and the body runs no further), and the body's return value, or what left it, is
     * what the closed handle holds. Closing a delegation ({@code YIELD_FROM}) raises the exit in the delegate, and when
     * the delegate has ended, in the delegator whatever the delegate did with it, unless it threw something else (PEP
     * 380): the PLAIN flavor models that at its delegate calls ({@code PlainYield.returnedFromDelegate}). A delegate
     * being closed that yields again fails its close in its delegator, leaving its finally blocks unrun, which a plain
     * call cannot do: such runs are compared up to that yield ({@code ProgramRunner.CUT_IN_DELEGATE}). With
     * {@code inDelegation} the close comes at a yield inside a delegation when the program reaches one. Static methods,
     * or instance methods on changing receivers.
     */
    @Property(tries = 1000, shrinking = ShrinkingMode.FULL)
    void close_behavesAsPlainRaisingGeneratorExitAtTheSameYield(@ForAll("programs") List<Op> ops,
                                                                @ForAll @IntRange(min = 0, max = 1000) int pick,
                                                                @ForAll boolean instance, @ForAll boolean inDelegation) throws Throwable {
        (instance ? ProgramCheck.withInstanceMethods(ops) : ProgramCheck.of(ops)).compareClosing(pick, inDelegation);
    }

    /**
     * The program as the body of a generator ({@code Coroutines.generate}) whose values are taken in every way the API
     * offers, mixed at random (the iterator's {@code hasNext} and {@code next}, a new iterator now and then, the handle's
     * {@code send(null)}, {@code next} and {@code send} of a value), and, when {@code throwIn}, a value thrown in at one
     * of its yields: the same trace and result as the PLAIN flavor whose yields evaluate to what was sent there (null
     * from a pull), the result read back with {@code result()}; once it has ended, {@code hasNext()} says false.
     */
    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void pulledThroughAGenerator_behavesAsPlainGivenTheSameValues(@ForAll("programs") List<Op> ops, @ForAll long seed,
                                                                          @ForAll boolean throwIn,
                                                                          @ForAll @IntRange(min = 0, max = 1000) int pick,
                                                                          @ForAll boolean otherThread) throws Throwable {
        ProgramCheck.of(ops).comparePulled(seed, throwIn ? pick : -1, -1, false, otherThread ? OTHER_THREAD : null, 2);
    }

    /**
     * A generator closed at one of the yields it reaches, after its value was taken or after a {@code hasNext()} ran
     * the body to it and before a {@code next()} took the value (a for-each left by {@code break} and closed, a
     * stream's {@code limit} then its {@code close}): what a GeneratorExit raised at that yield does in plain Java, as
     * {@link #close_behavesAsPlainRaisingGeneratorExitAtTheSameYield} checks for {@code send}.
     */
    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void generatorClosedMidway_behavesAsPlainRaisingGeneratorExit(@ForAll("programs") List<Op> ops, @ForAll long seed,
                                                                  @ForAll @IntRange(min = 0, max = 1000) int pick,
                                                                  @ForAll boolean buffered, @ForAll boolean instance,
                                                                  @ForAll boolean inDelegation) throws Throwable {
        (instance ? ProgramCheck.withInstanceMethods(ops) : ProgramCheck.of(ops)).comparePulled(seed, -1, pick, inDelegation, buffered, null, 1);
    }

    /**
     * Two to four coroutines of random programs, taking turns on one thread in a random order, each compared with its
     * PLAIN run alone: the thread's carrier serves them all (the coroutine last resumed, spare frames of rebuilt calls,
     * armed calls, the caches of entries), and nothing one of them leaves there may change another's values. With
     * {@code oneClass} the first program runs in every coroutine, from one class, so they share its resume points; with
     * {@code twoThreads} half the turns run on another thread, whose carrier then serves them in turn too; with
     * {@code thrownIntoOrClosed} each coroutine is left alone, thrown into or closed (each by a draw of its own) at one
     * of its yields, in its turn, while the others stay suspended on the same carrier.
     */
    @Property(tries = 500, shrinking = ShrinkingMode.FULL)
    void coroutinesTakingTurnsOnOneThread_eachBehavesAsPlain(@ForAll("programs") List<Op> first, @ForAll("programs") List<Op> second,
                                                            @ForAll("programs") List<Op> third, @ForAll @IntRange(min = 2, max = 4) int count,
                                                            @ForAll boolean oneClass, @ForAll boolean instance, @ForAll long seed,
                                                            @ForAll boolean twoThreads, @ForAll boolean thrownIntoOrClosed) throws Throwable {
        List<List<Op>> programs = List.of(first, second, third, first);
        List<ProgramCheck> checks = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            checks.add(oneClass && i > 0 ? checks.get(0)
                    : instance ? ProgramCheck.withInstanceMethods(programs.get(i)) : ProgramCheck.of(programs.get(i)));
        }
        ProgramCheck.compareInterleaved(checks, seed, twoThreads ? OTHER_THREAD : null, thrownIntoOrClosed);
    }

    /**
     * A program that drives another coroutine from inside, as a stage of a pipeline sends to the next: each value it
     * records also resumes a coroutine of a second random program (or, with {@code self}, of its own class), whose
     * yields, end and exception (thrown on into the program) go into the same trace. Rewritten and driven as a
     * coroutine, the program runs the target nested on the same thread's carrier; in the PLAIN flavor the target is the
     * only coroutine running. An exception may be thrown in at one of the program's yields, or the program closed at
     * one ({@code closeInstead}), and the program may be resumed on this thread and another in turn (the target then
     * resumed from either).
     */
    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void drivingAnotherCoroutineFromInside_behavesAsPlain(@ForAll("programs") List<Op> ops, @ForAll("programs") List<Op> target,
                                                          @ForAll boolean self, @ForAll boolean instance,
                                                          @ForAll @IntRange(min = -1, max = 4) int throwAt,
                                                          @ForAll boolean closeInstead, @ForAll boolean otherThread) throws Throwable {
        ProgramCheck check = instance ? ProgramCheck.withInstanceMethods(ops) : ProgramCheck.of(ops);
        check.comparePiped(self ? null : ProgramCheck.of(target), throwAt, closeInstead, otherThread ? OTHER_THREAD : null);
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Op.Kind> kinds = Arbitraries.frequency(
                Tuple.of(8, Op.Kind.CONST),
                Tuple.of(7, Op.Kind.LOAD),
                Tuple.of(14, Op.Kind.YIELD),
                Tuple.of(5, Op.Kind.STORE),
                Tuple.of(6, Op.Kind.ARITH),
                Tuple.of(4, Op.Kind.CONVERT),
                Tuple.of(8, Op.Kind.CALL),
                Tuple.of(3, Op.Kind.YIELD_FROM),
                Tuple.of(3, Op.Kind.SHUFFLE),
                Tuple.of(2, Op.Kind.PARK),
                Tuple.of(3, Op.Kind.RECORD),
                Tuple.of(3, Op.Kind.NEW_BEGIN),
                Tuple.of(2, Op.Kind.NEW_END),
                Tuple.of(3, Op.Kind.IF),
                Tuple.of(2, Op.Kind.ELSE),
                Tuple.of(3, Op.Kind.LOOP),
                Tuple.of(3, Op.Kind.TRY),
                Tuple.of(2, Op.Kind.CATCH),
                Tuple.of(5, Op.Kind.END),
                Tuple.of(2, Op.Kind.THROW),
                Tuple.of(1, Op.Kind.RETURN),
                Tuple.of(2, Op.Kind.METHOD),
                Tuple.of(2, Op.Kind.SWITCH),
                Tuple.of(2, Op.Kind.CASE),
                Tuple.of(2, Op.Kind.FINALLY),
                Tuple.of(3, Op.Kind.ELEMENT),
                Tuple.of(2, Op.Kind.HELPER));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 15), Arbitraries.integers().between(-20, 20))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }
}
