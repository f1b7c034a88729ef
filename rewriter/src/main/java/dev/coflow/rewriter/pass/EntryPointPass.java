package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A test hook (the rewriter's {@code entryPoints} option, the agent's {@code entryPoints=true}): gives a
 * method that is about to be rewritten a conditional suspension point at its entry, so that a test kit can
 * suspend and resume it there and check that suspending anywhere changes nothing. Runs on the copy, before
 * every analysis, so the point is analysed, spilled and restored like a yield of the method's own:
 * <pre>
 * EntryPoints.mark();   // an ENTRY_POINT suspension point
 * </pre>
 * {@link StateMachinePass} turns it into {@code ctx = EntryPoints.begin(ctx)} followed by the spill of a
 * yield when that returned a context. The resume path jumps past it. What the point does at run time is
 * the installed {@code dev.coflow.runtime.EntryPoints.Policy}'s business (none in production).
 */
public final class EntryPointPass {
    private EntryPointPass() {
    }

    /** Adds the point at the entry of {@code method}. */
    public static void apply(MethodNode method) {
        method.instructions.insert(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ENTRY_POINTS,
                BytecodeContract.ENTRY_POINT_MARK, BytecodeContract.ENTRY_POINT_MARK_DESCRIPTOR, false));
    }

    /** Whether the instruction is the marker call {@link #apply} inserted. */
    public static boolean isPoint(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals(BytecodeContract.ENTRY_POINTS) && call.name.equals(BytecodeContract.ENTRY_POINT_MARK)
                && call.desc.equals(BytecodeContract.ENTRY_POINT_MARK_DESCRIPTOR);
    }
}
