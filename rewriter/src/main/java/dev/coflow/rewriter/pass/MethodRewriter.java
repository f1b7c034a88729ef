package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.analysis.FrameAnalysis;
import dev.coflow.rewriter.analysis.LivenessAnalysis;
import dev.coflow.rewriter.analysis.MonitorAnalysis;
import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.rewriter.analysis.SuspensionPointsAnalysis;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.ClassHierarchy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Rewrites one coroutine method; and its javadoc is the table of contents of the whole rewrite, the class-level
 * steps ({@link dev.coflow.rewriter.ClassRewriter#rewrite}) included, in the order they run. Each step names what
 * it requires and what it establishes for the steps after it.
 *
 * <p><b>Per class</b> ({@code ClassRewriter.rewrite}):
 * <ol>
 *   <li><b>read, skip what is done</b>: a class with the {@code @Rewritten} mark (or an adapter of a coflow
 *       from before the mark) is left alone. Establishes: a class is rewritten once.</li>
 *   <li><b>classify</b> ({@link dev.coflow.rewriter.MethodClassifier#declared}): which methods are coroutine
 *       methods, with one reason each (annotated, overrides one, suspendable class). Establishes: the
 *       predicate of calls that may suspend, less the quiet calls ({@link dev.coflow.rewriter.QuietCalls}: a call
 *       that cannot be overridden, of a method proven to have no suspension point, is none).</li>
 *   <li><b>adapt method references</b> ({@link MethodRefPass}): a method reference to a coroutine method becomes
 *       a synthetic {@code coflow$ref$N} method (what the JDK's adaptation would do, as rewritable code).
 *       Requires: the predicate. Establishes: every adaptation between an interface and a coroutine method is
 *       code of this class.</li>
 *   <li><b>classify the synthetic bodies</b> ({@link dev.coflow.rewriter.MethodClassifier#synthetic}): lambda
 *       bodies and adapters that contain a suspension point; each gets the interface keys of the call sites
 *       that reach it ({@link StateMachinePass.Entry}).</li>
 *   <li><b>each coroutine method</b>: this class's {@link #rewrite}, below; a refusal keeps the method and,
 *       when it stays as javac wrote it, guards its entry and marks it {@code @Refused(why, fix)}. A rewritten
 *       instance method of a class that calls can select, and an abstract coroutine method, gets its virtual entry
 *       ({@link VirtualEntryPass}; none in a {@code Serializable} class without a {@code serialVersionUID}).</li>
 *   <li><b>mark rewritten lambda sites</b>: a {@code LambdaMetafactory} site of a rewritten body adds the
 *       {@code RewrittenBody} marker. Establishes: a handle arms only a rewritten root with its key.</li>
 *   <li><b>direct calls</b> ({@link DirectCallPass}): a body's call of another rewritten method of the class
 *       that cannot be overridden calls that method's fresh body, skipping the bridge and its key; any other
 *       {@code invokevirtual} at a suspension point calls the receiver's class's virtual entry with the context
 *       ({@code invokedynamic}, {@code Bootstrap.virtualCall}). Requires: all bodies made.</li>
 *   <li><b>debug lines</b> ({@link DebugLines#entryLines}): entry code no breakpoint stops in.</li>
 *   <li><b>frames</b>: stack map frames computed for the new bodies, spill methods and virtual entries only (the class hierarchy gives common
 *       super classes); other methods keep javac's. A body ASM cannot lay out is refused, the class rewritten
 *       again without it.</li>
 *   <li><b>write</b>: fresh and resume bodies before their bridges, adapters and spill methods last, the original constant pool first, the mark
 *       last; a method too large is refused and the class rewritten again without it.</li>
 *   <li><b>verify</b> (option): ASM's checks and a data-flow pass; a failure keeps the original class.</li>
 * </ol>
 *
 * <p><b>Per method</b> (this class, then {@link StateMachinePass}):
 * <ol>
 *   <li><b>refuse</b> what cannot be rewritten: constructor, static initialiser, synchronized method,
 *       receiver overwritten. Requires: at least one suspension point (none: the method stays as it is).</li>
 *   <li><b>copy</b>: everything after works on a copy; a refusal keeps the original.</li>
 *   <li><b>entry point</b> ({@link EntryPointPass}, test hook, off unless asked): a conditional suspension
 *       point at the entry.</li>
 *   <li><b>hoist</b> ({@link NewHoistingPass}): no object under construction open across a suspension point,
 *       paired {@code new} to {@code <init>} by data flow. Establishes: no uninitialised value to save.</li>
 *   <li><b>analyse</b>: {@link FrameAnalysis} (types of every local and stack value),
 *       {@link SuspensionPointsAnalysis} (the reachable points, numbered from 1), {@link MonitorAnalysis}
 *       (refuse a point under a monitor), {@link LivenessAnalysis} (which locals are live across each point).</li>
 *   <li><b>plan</b> ({@link MethodPlanner}): a {@link MethodPlan}, what every point saves where, its handlers,
 *       its callee check, the frame shape, whether the method keeps a frame. Requires: the analyses on the
 *       current instructions. Establishes: every decision, before any instruction moves.</li>
 *   <li><b>emit</b> ({@link StateMachinePass}): shift locals to body slots; {@link SiteEmitter} at each point;
 *       {@link SpillEmitter} (a spill method per point) and {@link ResumeEmitter} out of line; {@link DispatchEmitter}
 *       at the entry and at the handlers; the resume body assembled, the fresh body copied from it ({@link FreshBody}),
 *       {@link LocalRanges} trims the resume body's variable ranges; {@link ResumeAdapterEmitter};
 *       {@link BridgePass} turns the original into the bridge, which calls the fresh body.</li>
 * </ol>
 */
public final class MethodRewriter {
    private MethodRewriter() {
    }

    /** The outcome: the new methods, or the diagnostic that refused the method. */
    public record Outcome(MethodNode bridge, StateMachinePass.Rewritten rewritten, Diagnostic refusal) {
        static Outcome refused(Diagnostic d) {
            return new Outcome(null, null, d);
        }
    }

    /**
     * Rewrites {@code original} of {@code owner}; returns {@code null} when it has no suspension point
     * (it then stays as it is: a coroutine method that cannot suspend costs nothing).
     */
    public static Outcome rewrite(ClassNode owner, MethodNode original, ClassHierarchy hierarchy,
                                  Predicate<MethodInsnNode> suspendable, String adapterName) {
        return rewrite(owner, original, hierarchy, suspendable, adapterName, false);
    }

    /** As above; {@code entryPoints} (a test hook) first applies {@link EntryPointPass} to the copy. */
    public static Outcome rewrite(ClassNode owner, MethodNode original, ClassHierarchy hierarchy,
                                  Predicate<MethodInsnNode> suspendable, String adapterName, boolean entryPoints) {
        return rewrite(owner, original, hierarchy, suspendable, adapterName, entryPoints, StateMachinePass.Entry.DIRECT);
    }

    /** As above; {@code entry} says how the bridge checks its caller (see {@link StateMachinePass.Entry}). */
    public static Outcome rewrite(ClassNode owner, MethodNode original, ClassHierarchy hierarchy,
                                  Predicate<MethodInsnNode> suspendable, String adapterName, boolean entryPoints,
                                  StateMachinePass.Entry entry) {
        List<SuspensionPoint> candidates = SuspensionPointsAnalysis.of(original, null, suspendable);
        if (candidates.isEmpty()) {
            return null;
        }
        int firstLine = candidates.get(0).line();
        if (original.name.equals("<init>")) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.CONSTRUCTOR, null));
        }
        if (original.name.equals("<clinit>")) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.STATIC_INITIALIZER, null));
        }
        if ((original.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.SYNCHRONIZED_METHOD, null));
        }
        if ((original.access & Opcodes.ACC_STATIC) == 0 && writesSlotZero(original)) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.RECEIVER_OVERWRITTEN, null));
        }

        MethodNode method = copy(original);
        if (entryPoints) {
            EntryPointPass.apply(method);
        }
        Set<AbstractInsnNode> points = new HashSet<>();
        for (SuspensionPoint p : SuspensionPointsAnalysis.of(method, null, suspendable)) {
            points.add(p.call());
        }
        NewHoistingPass.Result hoisted = NewHoistingPass.apply(owner.name, method, points, method.maxLocals);
        if (!hoisted.refused().isEmpty()) {
            return Outcome.refused(diagnostic(owner, original, lineOf(hoisted.refused().get(0)), Problem.UNINITIALIZED_ACROSS_SUSPENSION, null));
        }
        method.maxLocals = hoisted.nextFreeLocal();

        FrameAnalysis flow;
        try {
            flow = FrameAnalysis.of(owner, method, hierarchy);
        } catch (AnalyzerException | RuntimeException e) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.analysisFailure(e), String.valueOf(e.getMessage())));
        }
        List<SuspensionPoint> reachable = SuspensionPointsAnalysis.of(method, flow.frames(), suspendable);
        if (reachable.isEmpty()) {
            return null;
        }
        // a static call's key names the class that declares the method it selects, as that method's bridge does
        reachable = reachable.stream().map(p -> p.kind() == SuspensionPoint.Kind.CALL && p.call().getOpcode() == Opcodes.INVOKESTATIC
                ? p.withDeclaringClass(hierarchy.staticDeclarer(p.call().owner, p.call().name, p.call().desc)) : p).toList();
        Set<AbstractInsnNode> reachableCalls = new HashSet<>();
        reachable.forEach(p -> reachableCalls.add(p.call()));
        LivenessAnalysis liveness = LivenessAnalysis.of(method.instructions, flow);
        if (NewHoistingPass.enclosesAny(owner.name, method, reachableCalls, index -> liveness.liveAcross(index, flow))) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.UNINITIALIZED_ACROSS_SUSPENSION, null));
        }
        MonitorAnalysis monitors = MonitorAnalysis.of(method.instructions, flow);
        for (SuspensionPoint p : reachable) {
            if (monitors.depth()[p.index()] > 0) {
                return Outcome.refused(diagnostic(owner, original, p.line(), Problem.YIELD_IN_SYNCHRONIZED_BLOCK, null));
            }
        }
        StateMachinePass.Rewritten rewritten = StateMachinePass.apply(owner, method, flow, liveness, reachable, adapterName, entry);
        return new Outcome(method, rewritten, null);
    }

    private static MethodNode copy(MethodNode original) {
        MethodNode copy = new MethodNode(AsmApi.LEVEL, original.access, original.name, original.desc, original.signature,
                original.exceptions.toArray(new String[0]));
        original.accept(copy);
        return copy;
    }

    private static boolean writesSlotZero(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode var && var.var == 0 && var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (insn instanceof org.objectweb.asm.tree.IincInsnNode iinc && iinc.var == 0) {
                return true;
            }
        }
        return false;
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    static Diagnostic diagnostic(ClassNode owner, MethodNode method, int line, Problem problem, String detail) {
        return new Diagnostic(owner.name, method.name, method.desc, owner.sourceFile, line, problem, detail);
    }
}
