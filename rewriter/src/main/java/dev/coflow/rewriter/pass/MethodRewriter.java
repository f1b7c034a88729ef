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
 * Rewrites one coroutine method: the table of contents of the passes, in order.
 *
 * <ol>
 *   <li>refuse what cannot be rewritten (constructor, static initialiser, synchronized, receiver overwritten);</li>
 *   <li>{@link NewHoistingPass}: no object under construction open across a suspension point;</li>
 *   <li>{@link FrameAnalysis}: types of every local and stack value, control flow;</li>
 *   <li>{@link SuspensionPointsAnalysis}: the reachable suspension points, numbered;</li>
 *   <li>{@link MonitorAnalysis}: refuse a suspension point under a monitor;</li>
 *   <li>{@link LivenessAnalysis}: which locals to spill;</li>
 *   <li>{@link StateMachinePass}: body, bridge and resume adapter.</li>
 * </ol>
 * The method is rewritten on a copy; when anything is refused the class keeps the original.
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
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.ANALYSIS_FAILED, String.valueOf(e.getMessage())));
        }
        List<SuspensionPoint> reachable = SuspensionPointsAnalysis.of(method, flow.frames(), suspendable);
        if (reachable.isEmpty()) {
            return null;
        }
        Set<AbstractInsnNode> reachableCalls = new HashSet<>();
        reachable.forEach(p -> reachableCalls.add(p.call()));
        if (NewHoistingPass.enclosesAny(owner.name, method, reachableCalls)) {
            return Outcome.refused(diagnostic(owner, original, firstLine, Problem.UNINITIALIZED_ACROSS_SUSPENSION, null));
        }
        MonitorAnalysis monitors = MonitorAnalysis.of(method.instructions, flow);
        for (SuspensionPoint p : reachable) {
            if (monitors.depth()[p.index()] > 0) {
                return Outcome.refused(diagnostic(owner, original, p.line(), Problem.YIELD_IN_SYNCHRONIZED_BLOCK, null));
            }
        }
        LivenessAnalysis liveness = LivenessAnalysis.of(method.instructions, flow);
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
