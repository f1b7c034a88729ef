package dev.coflow.agent.properties;

import dev.coflow.agent.properties.programs.Op;
import dev.coflow.agent.properties.programs.PlainYield;
import dev.coflow.agent.properties.programs.ProgramRunner;
import dev.coflow.runtime.BytecodeContract;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import net.jqwik.api.statistics.Statistics;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** One generated program: built, rewritten, run both ways and compared, with a full report on any difference. */
final class ProgramCheck {
    /** What the refusal of an object under construction across a suspension point says (Problem.UNINITIALIZED_ACROSS_SUSPENSION). */
    private static final String UNINITIALIZED_MESSAGE = dev.coflow.rewriter.report.Problem.UNINITIALIZED_ACROSS_SUSPENSION.message();
    private final List<Op> ops;
    private final ProgramRunner.Built built;

    private ProgramCheck(List<Op> ops, ProgramRunner.Built built) {
        this.ops = ops;
        this.built = built;
    }

    static ProgramCheck of(List<Op> ops) {
        return new ProgramCheck(ops, ProgramRunner.build(ops));
    }

    /** The program with instance methods, whose calls change receivers ({@code ProgramBuilder.build(..., instance)}). */
    static ProgramCheck withInstanceMethods(List<Op> ops) {
        return new ProgramCheck(ops, ProgramRunner.build(ops, true));
    }

    /**
     * The program with its direct calls undone, as the agent's watcher defines a rewritten class that another agent
     * retransforms ({@code RedefinedClass}): every call of a static method of the class (and, with instance methods, of
     * a private or final one, and of the own entry on {@code this}) goes through the method's bridge, armed. When no
     * call was direct, the program as rewritten.
     */
    /**
     * Whether the rewritten program calls, on {@code this}, a method of its own that was not rewritten, armed
     * ({@code Suspension.armVirtual} then {@code invokevirtual} of the method: {@code DirectCallPass}, design.md
     * "Suspendable libraries", item 8): an open {@code Program} whose called method has no suspension point.
     */
    boolean hasArmedCallOnThis() {
        byte[] rewritten = built.rewritten();
        if (rewritten == null) {
            return false;
        }
        ClassNode node = new ClassNode();
        new ClassReader(rewritten).accept(node, 0);
        for (MethodNode m : node.methods) {
            if (m.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                continue; // an entry's own armed call of its method is not a call site of the program
            }
            for (AbstractInsnNode i : m.instructions) {
                if (i instanceof MethodInsnNode arm && arm.name.equals(BytecodeContract.ARM_VIRTUAL)
                        && i.getNext() instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKEVIRTUAL
                        && call.owner.equals(node.name) && !call.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                    return true;
                }
            }
        }
        return false;
    }

    ProgramCheck undone() {
        byte[] rewritten = built.rewritten();
        byte[] undone = rewritten == null ? null : dev.coflow.rewriter.RedefinedClass.undoDirectCalls(rewritten);
        Statistics.label("direct calls undone").collect(undone != null);
        return undone == null ? this : new ProgramCheck(ops, new ProgramRunner.Built(built.plain(), built.annotated(), undone, built.diagnostics()));
    }

    void compare(int throwAt, ExecutorService other, int switchEvery) {
        compare(throwAt, -1, other, switchEvery);
    }

    /**
     * Closes the coroutine at one of the yields the program reaches ({@code pick} modulo their number, found by a plain
     * run), and compares as {@link #compare(int, int, ExecutorService, int)} does.
     */
    void compareClosing(int pick, boolean inDelegation) {
        compareClosing(pick, inDelegation, null);
    }

    /** {@link #compareClosing(int, boolean)}, resumed on this thread and {@code other}'s in turn when it is set. */
    void compareClosing(int pick, boolean inDelegation, ExecutorService other) {
        long yields = 0;
        List<Integer> delegated = List.of();
        try {
            yields = yieldsIn(ProgramRunner.runPlain(built.plain(), -1));
            delegated = PlainYield.delegatedYields();
        } catch (Throwable t) {
            yields = 1; // compare says why
        }
        net.jqwik.api.Assume.that(yields > 0); // nothing to close at
        compare(-1, closingYield(pick, yields, delegated, inDelegation), other, 1);
    }

    /** How many yields a run's trace records. */
    private static long yieldsIn(ProgramRunner.Outcome run) {
        return run.trace().stream().filter(e -> e.startsWith("yield:")).count();
    }

    /**
     * The number of the yield to close at: {@code pick} modulo the {@code yields} a run reached, or, with
     * {@code inDelegation}, modulo those of them reached inside a delegation ({@code delegated}) when there are any:
     * PEP 380's close of a delegation, the only close that differs from a plain GeneratorExit at the same yield, is
     * then met in about half the runs of programs that delegate, not in one of twenty.
     */
    private static int closingYield(int pick, long yields, List<Integer> delegated, boolean inDelegation) {
        if (inDelegation && !delegated.isEmpty()) {
            return delegated.get(pick % delegated.size());
        }
        return (int) (pick % yields);
    }

    /**
     * Runs the program as the body of a generator whose values are pulled ({@link ProgramRunner#runGenerator}, the
     * ways of taking a value picked from {@code seed}) and compares it with the PLAIN flavor whose yields evaluate to
     * what the generator sent there (null from a pull, a value from a {@code send});
     * with {@code throwPick} or {@code closePick} (not negative) a value is thrown in at, or the generator closed at,
     * one of the yields the program reaches (that number modulo their count), with {@code buffered} after a
     * {@code hasNext()} ran to the closing yield and before a {@code next()} took its value. A program that reaches
     * no yield is rejected (jqwik's {@code Assume}).
     */
    void comparePulled(long seed, int throwPick, int closePick, boolean buffered, ExecutorService other, int switchEvery) {
        comparePulled(seed, throwPick, closePick, false, buffered, other, switchEvery);
    }

    /** {@link #comparePulled(long, int, int, boolean, ExecutorService, int)}, closing inside a delegation when {@code inDelegation} and the program reaches a yield there. */
    void comparePulled(long seed, int throwPick, int closePick, boolean inDelegation, boolean buffered, ExecutorService other, int switchEvery) {
        if (!built.diagnostics().isEmpty()) {
            compare(-1, other, switchEvery); // a refused program: that check says whether it is the one refusal allowed
            return;
        }
        ProgramRunner.Outcome plain;
        try {
            plain = ProgramRunner.runPlain(built.plain(), -1, -1, true, seed, false);
        } catch (Throwable t) {
            throw new Mismatch(() -> report("the PLAIN program could not run: " + t, null, null), t);
        }
        long yields = yieldsIn(plain);
        net.jqwik.api.Assume.that(yields > 0); // nothing pulled: the other properties run such programs
        int throwAt = throwPick < 0 || yields == 0 ? -1 : (int) (throwPick % yields);
        int closeAt = closePick < 0 || yields == 0 ? -1 : closingYield(closePick, yields, PlainYield.delegatedYields(), inDelegation);
        boolean ahead = buffered && closeAt >= 0;
        if (throwAt >= 0 || closeAt >= 0) {
            try {
                plain = ProgramRunner.runPlain(built.plain(), throwAt, closeAt, true, seed, ahead);
            } catch (Throwable t) {
                throw new Mismatch(() -> report("the PLAIN program could not run: " + t, null, null), t);
            }
        }
        ProgramRunner.Outcome expected = plain;
        ProgramRunner.Outcome pulled;
        try {
            pulled = ProgramRunner.runGenerator(rewrittenOrAnnotated(), throwAt, closeAt, ahead, seed, other, switchEvery);
        } catch (Throwable t) {
            throw new Mismatch(() -> report("the generator could not run: " + t, expected, null), t);
        }
        if (!ProgramRunner.matches(plain, pulled)) {
            ProgramRunner.Outcome got = pulled;
            throw new Mismatch(() -> report("PULLED through a generator differs from PLAIN (seed " + seed
                    + ", thrown in at yield " + throwAt + ", closed at yield " + closeAt + (ahead ? " run ahead to by hasNext" : "") + ")",
                    expected, got), null);
        }
        Statistics.label("yields").collect(yields == 0 ? "0" : yields < 10 ? "1-9" : yields < 100 ? "10-99" : "100+");
        if (closeAt >= 0) {
            Statistics.label("close and delegation").collect(PlainYield.closeShape());
        }
        Statistics.label("driven").collect(closeAt >= 0 ? (ahead ? "closed with a value run ahead to" : "closed") : throwAt >= 0 ? "thrown in" : "pulled to the end");
        Statistics.label("result").collect(plain.result().startsWith("return:") ? "return"
                : plain.result().contains("FuelExhausted") ? "out of fuel" : plain.result().startsWith("close() failed") ? "close failed" : "threw");
    }

    /**
     * Runs the programs of {@code checks} as coroutines that take turns on this thread, or on it and {@code other}'s
     * ({@link ProgramRunner#runInterleaved},
     * the turns picked from {@code seed}; an entry that is the same check as an earlier one is run from the same class)
     * and compares each with its PLAIN run alone: what one coroutine leaves on the thread's carrier (its frames, spare
     * frames, an armed call, the coroutine last resumed) must not change what another does. Refused programs, and sets
     * where fewer than two programs yield, are rejected (jqwik's {@code Assume}); the other properties check them.
     */
    static void compareInterleaved(List<ProgramCheck> checks, long seed, ExecutorService other, boolean thrownIntoOrClosed) {
        for (ProgramCheck check : checks) {
            net.jqwik.api.Assume.that(check.built.diagnostics().isEmpty());
        }
        List<ProgramRunner.Outcome> plain = new java.util.ArrayList<>();
        for (ProgramCheck check : checks) {
            try {
                plain.add(ProgramRunner.runPlain(check.built.plain(), -1));
            } catch (Throwable t) {
                throw new Mismatch(() -> check.report("the PLAIN program could not run: " + t, null, null), t);
            }
        }
        long yielding = plain.stream().filter(o -> o.trace().stream().anyMatch(e -> e.startsWith("yield:"))).count();
        net.jqwik.api.Assume.that(yielding >= 2); // else nothing takes turns
        int n = checks.size();
        int[] throwAt = new int[n];
        int[] closeAt = new int[n];
        java.util.Arrays.fill(throwAt, -1);
        java.util.Arrays.fill(closeAt, -1);
        if (thrownIntoOrClosed) {
            // each coroutine, by its own draw: left alone, thrown into, or closed at one of the yields it reaches
            java.util.Random draw = new java.util.Random(~seed);
            for (int i = 0; i < n; i++) {
                long yields = yieldsIn(plain.get(i));
                int how = draw.nextInt(3);
                int at = yields == 0 ? -1 : draw.nextInt((int) yields);
                if (how == 1) {
                    throwAt[i] = at;
                } else if (how == 2) {
                    closeAt[i] = at;
                }
                if (throwAt[i] >= 0 || closeAt[i] >= 0) {
                    ProgramCheck check = checks.get(i);
                    try {
                        plain.set(i, ProgramRunner.runPlain(check.built.plain(), throwAt[i], closeAt[i]));
                    } catch (Throwable t) {
                        throw new Mismatch(() -> check.report("the PLAIN program could not run: " + t, null, null), t);
                    }
                }
            }
        }
        java.util.Map<ProgramCheck, byte[]> classes = new java.util.IdentityHashMap<>();
        List<byte[]> rewritten = checks.stream().map(c -> classes.computeIfAbsent(c, ProgramCheck::rewrittenOrAnnotated)).toList();
        List<ProgramRunner.Outcome> interleaved;
        try {
            interleaved = ProgramRunner.runInterleaved(rewritten, seed, other, throwAt, closeAt);
        } catch (Throwable t) {
            throw new Mismatch(() -> checks.get(0).report("the interleaved coroutines could not run: " + t, null, null), t);
        }
        long shared = checks.stream().distinct().count();
        for (int i = 0; i < checks.size(); i++) {
            if (!ProgramRunner.matches(plain.get(i), interleaved.get(i))) {
                int which = i;
                ProgramRunner.Outcome expected = plain.get(i);
                ProgramRunner.Outcome got = interleaved.get(i);
                String driven = throwAt[i] >= 0 ? ", thrown into at its yield " + throwAt[i] : closeAt[i] >= 0 ? ", closed at its yield " + closeAt[i] : "";
                throw new Mismatch(() -> checks.get(which).report("coroutine " + (which + 1) + " of " + checks.size() + " taking turns on one thread ("
                        + (shared < checks.size() ? "some of them of one class, " : "") + "seed " + seed + driven + ") differs from its PLAIN run alone",
                        expected, got), null);
            }
        }
        if (thrownIntoOrClosed) {
            long closed = java.util.Arrays.stream(closeAt).filter(k -> k >= 0).count();
            long thrown = java.util.Arrays.stream(throwAt).filter(k -> k >= 0).count();
            Statistics.label("closed / thrown into").collect(closed + " closed, " + thrown + " thrown into");
        }
        Statistics.label("coroutines that yield").collect(yielding);
        Statistics.label("of one class").collect(shared < checks.size());
    }

    /**
     * As {@link #compare(int, ExecutorService, int)} (resumed on this thread and {@code other}'s in turn when it is
     * set), with the program driving a coroutine of {@code target} from inside
     * ({@link dev.coflow.agent.properties.programs.Pipe}: resumed at each value the program records), or, with
     * {@code target} null, a coroutine of its own rewritten class. Refused programs are rejected (jqwik's {@code Assume}):
     * a refused yield's NotRewrittenException, which {@link #compare} looks for, may be replaced on its way out by what
     * the target throws into a {@code finally} block's record, as plain Java replaces an exception a {@code finally}
     * block throws over; the other properties check refused programs. {@code at} is the yield thrown into (none when
     * negative), or, with {@code close}, the one the program is closed at ({@code at} modulo the number of yields it
     * reaches), so that its handlers and finally blocks drive the target while the GeneratorExit is on its way out.
     */
    void comparePiped(ProgramCheck target, int at, boolean close, ExecutorService other) throws ReflectiveOperationException {
        ProgramCheck to = target == null ? this : target;
        net.jqwik.api.Assume.that(built.diagnostics().isEmpty() && to.built.diagnostics().isEmpty());
        ProgramRunner.pipeTo(to.rewrittenOrAnnotated(), target == null);
        try {
            if (close && at >= 0) {
                compareClosing(at, false, other);
            } else {
                compare(at, other, 1);
            }
        } finally {
            ProgramRunner.pipeTo(null, false);
        }
    }

    /** As {@link #compare(int, ExecutorService, int)}, and the coroutine is closed at its yield numbered {@code closeAt} (never when negative). */
    void compare(int throwAt, int closeAt, ExecutorService other, int switchEvery) {
        boolean stored = ops.stream().anyMatch(o -> o.kind() == Op.Kind.NEW_BEGIN && Op.storedNew(o.a()));
        Statistics.label("stored new").collect(!stored ? "none" : built.diagnostics().isEmpty() ? "rewritten" : "refused");
        if (!built.diagnostics().isEmpty()) {
            // the one refusal a program may earn: an object under construction kept in a local (the stored shape of
            // NEW_BEGIN) across a suspension point; never another, never a wrong value
            boolean onlyThat = built.diagnostics().stream().allMatch(d -> d.contains(UNINITIALIZED_MESSAGE));
            if (!stored || !onlyThat) {
                throw new Mismatch(() -> report("the rewriter refused the program: " + built.diagnostics(), null, null), null);
            }
        }
        boolean refused = !built.diagnostics().isEmpty();
        // a refused program runs to the refused yield and past it with nothing thrown in: a value thrown in later would
        // replace its failure (a finally block that yields is thrown into while the failure is on its way out), as it
        // does in plain Java
        int at = refused ? -1 : throwAt;
        int closing = refused ? -1 : closeAt;
        ProgramRunner.Outcome plain;
        ProgramRunner.Outcome rewritten;
        try {
            plain = ProgramRunner.runPlain(built.plain(), at, closing);
        } catch (Throwable t) {
            throw new Mismatch(() -> report("the PLAIN program could not run: " + t, null, null), t);
        }
        try {
            rewritten = ProgramRunner.runRewritten(rewrittenOrAnnotated(), at, closing, other, switchEvery);
        } catch (Throwable t) {
            throw new Mismatch(() -> report("the REWRITTEN program could not run: " + t, plain, null), t);
        }
        if (refused && !plain.equals(rewritten)) {
            // a refused method runs as written until a yield in it is reached: that yield fails, saying why
            if (!failedAtAYield(plain, rewritten)) {
                throw new Mismatch(() -> report("REFUSED program neither ran as PLAIN nor failed at a yield", plain, rewritten), null);
            }
            return;
        }
        if (!ProgramRunner.matches(plain, rewritten)) {
            throw new Mismatch(() -> report("REWRITTEN differs from PLAIN (" + runAgain(at, closing, other, switchEvery, plain, rewritten) + ")",
                    plain, rewritten), null);
        }
        long yields = yieldsIn(plain);
        Statistics.label("yields").collect(yields == 0 ? "0" : yields < 10 ? "1-9" : yields < 100 ? "10-99" : "100+");
        Statistics.label("ops").collect(ops.size() < 10 ? "1-9" : ops.size() < 30 ? "10-29" : "30+");
        for (Op.Kind shape : List.of(Op.Kind.SWITCH, Op.Kind.FINALLY, Op.Kind.ELEMENT, Op.Kind.NEW_BEGIN, Op.Kind.TRY, Op.Kind.CALL)) {
            Statistics.label("has " + shape).collect(ops.stream().anyMatch(o -> o.kind() == shape));
        }
        if (ProgramRunner.piping()) {
            long resumed = plain.trace().stream().filter(e -> e.startsWith("pipe")).count();
            Statistics.label("target resumed from inside").collect(resumed == 0 ? "0" : resumed < 5 ? "1-4" : "5+");
            Statistics.label("target ended").collect(plain.trace().stream().filter(e -> e.startsWith("pipe ended:")).findFirst()
                    .map(e -> e.startsWith("pipe ended:return") ? "returned" : "threw into the program").orElse("no"));
        }
        if (closeAt >= 0) {
            String r = plain.result();
            boolean reached = yieldsIn(plain) > closeAt;
            Statistics.label("close and delegation").collect(PlainYield.closeShape());
            Statistics.label("after close").collect(r.equals(ProgramRunner.CUT_IN_DELEGATE) ? "a delegate yielded again (compared up to there)"
                    : !reached ? "not reached" : r.startsWith("close() failed") ? "yielded again"
                    : r.contains("GeneratorExit") ? "exit left the body" : r.startsWith("return:") ? "caught, returned" : "another exception");
        }
        Statistics.label("result").collect(plain.result().startsWith("return:") ? "return"
                : plain.result().contains("FuelExhausted") ? "out of fuel" : "threw");
    }

    /**
     * Whether {@code rewritten} did what {@code plain} did up to a point, and there failed with NotRewrittenException
     * (which the program may have caught and recorded, or which ended it, running its finally blocks): a suspension that reached the refused
     * method (its own yield, or one below it, a delegation's included, in the REWRITTEN flavor).
     */
    private static boolean failedAtAYield(ProgramRunner.Outcome plain, ProgramRunner.Outcome rewritten) {
        int i = 0;
        while (i < plain.trace().size() && i < rewritten.trace().size() && plain.trace().get(i).equals(rewritten.trace().get(i))) {
            i++;
        }
        // after it, the program's finally blocks may run and its handlers record what they caught
        return rewritten.result().contains("NotRewrittenException")
                || rewritten.trace().subList(i, rewritten.trace().size()).stream().anyMatch(e -> e.contains("NotRewrittenException"));
    }

    /**
     * A failed check. Its message (ops, traces, the rewritten class) is made only when asked for:
     * while jqwik shrinks, thousands of failures are thrown and only the reported ones are read.
     */
    static final class Mismatch extends AssertionError {
        private final transient Supplier<String> message;
        private String text;

        Mismatch(Supplier<String> message, Throwable cause) {
            super(null, cause);
            this.message = message;
        }

        @Override
        public synchronized String getMessage() {
            if (text == null) {
                text = message.get();
            }
            return text;
        }
    }

    /** Whether a second run of both flavors repeats what the first saw. */
    private String runAgain(int throwAt, int closeAt, ExecutorService other, int switchEvery, ProgramRunner.Outcome plain,
                            ProgramRunner.Outcome rewritten) {
        try {
            ProgramRunner.Outcome plainAgain = ProgramRunner.runPlain(built.plain(), throwAt, closeAt);
            ProgramRunner.Outcome rewrittenAgain = ProgramRunner.runRewritten(rewrittenOrAnnotated(), throwAt, closeAt, other, switchEvery);
            return plainAgain.equals(plain) && rewrittenAgain.equals(rewritten) ? "the same again when run a second time"
                    : "NOT the same when run a second time: PLAIN " + plainAgain + "\nREWRITTEN " + rewrittenAgain;
        } catch (Throwable t) {
            return "the second run failed: " + t;
        }
    }

    private byte[] rewrittenOrAnnotated() {
        return built.rewritten() != null ? built.rewritten() : built.annotated();
    }

    private String report(String what, ProgramRunner.Outcome plain, ProgramRunner.Outcome rewritten) {
        StringBuilder out = new StringBuilder(what).append("\nops (line: op):\n");
        for (int i = 0; i < ops.size(); i++) {
            out.append(String.format("  %3d: %s%n", i + 1, ops.get(i)));
        }
        if (plain != null && rewritten != null) {
            int first = 0;
            while (first < plain.trace().size() && first < rewritten.trace().size()
                    && plain.trace().get(first).equals(rewritten.trace().get(first))) {
                first++;
            }
            out.append("traces agree up to event ").append(first).append('\n');
            out.append("PLAIN:     ").append(window(plain.trace(), first)).append("\n           ").append(plain.result()).append('\n');
            out.append("REWRITTEN: ").append(window(rewritten.trace(), first)).append("\n           ").append(rewritten.result()).append('\n');
        } else if (plain != null) {
            out.append("PLAIN: ").append(window(plain.trace(), 0)).append(' ').append(plain.result()).append('\n');
        }
        out.append("generated class (the REWRITTEN flavor before rewriting):\n");
        out.append(ProgramRunner.listing(built.annotated()));
        out.append(built.rewritten() == null ? "not rewritten\n" : "rewritten class:\n" + ProgramRunner.listing(built.rewritten()));
        return out.toString();
    }

    private static String window(List<String> trace, int around) {
        int from = Math.max(0, around - 8);
        int to = Math.min(trace.size(), around + 8);
        return (from > 0 ? "... " : "") + trace.subList(from, to) + (to < trace.size() ? " ... (" + trace.size() + " events)" : "");
    }
}
