package dev.coflow.rewriter.analysis;

import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the suspension points of a method, in instruction order, and numbers them from 1: the
 * calls to {@code Coroutines.yield}, and the calls that {@code suspendable} says may suspend
 * ({@code Coroutines.yieldFrom} and coroutine methods). {@code Thread.yield} and anything not owned by
 * {@code Coroutines} is never a yield: owner, name and descriptor are all matched.
 */
public final class SuspensionPointsAnalysis {
    private SuspensionPointsAnalysis() {
    }

    /** Whether the instruction calls {@code Coroutines.yield()} or {@code Coroutines.yield(Object)}. */
    public static boolean isYield(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals(BytecodeContract.COROUTINES) && call.name.equals(BytecodeContract.YIELD)
                && (call.desc.equals(BytecodeContract.YIELD_VALUE_DESCRIPTOR) || call.desc.equals(BytecodeContract.YIELD_NOTHING_DESCRIPTOR));
    }

    /** Whether the instruction calls {@code Coroutines.yieldFrom} or {@code Coroutines.yieldAll}: runtime-made suspensions. */
    public static boolean isYieldFrom(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals(BytecodeContract.COROUTINES)
                && (call.name.equals(BytecodeContract.YIELD_FROM) && call.desc.equals(BytecodeContract.YIELD_FROM_DESCRIPTOR)
                    || call.name.equals(BytecodeContract.YIELD_ALL) && call.desc.equals(BytecodeContract.YIELD_ALL_DESCRIPTOR));
    }

    /**
     * The suspension points among the reachable instructions of {@code method} ({@code frames} marks
     * which are reachable; pass {@code null} to take all).
     */
    public static List<SuspensionPoint> of(MethodNode method, Object[] frames, Predicate<MethodInsnNode> suspendable) {
        List<SuspensionPoint> points = new ArrayList<>();
        int line = -1;
        int index = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext(), index++) {
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
                continue;
            }
            if (!(insn instanceof MethodInsnNode call) || (frames != null && frames[index] == null)) {
                continue;
            }
            if (isYield(call)) {
                points.add(new SuspensionPoint(call, index, SuspensionPoint.Kind.YIELD, points.size() + 1, line));
            } else if (dev.coflow.rewriter.pass.EntryPointPass.isPoint(call)) {
                points.add(new SuspensionPoint(call, index, SuspensionPoint.Kind.ENTRY_POINT, points.size() + 1, line));
            } else if (!call.name.equals("<init>") && (isYieldFrom(call) || suspendable.test(call))) {
                points.add(new SuspensionPoint(call, index, SuspensionPoint.Kind.CALL, points.size() + 1, line));
            }
        }
        return points;
    }
}
