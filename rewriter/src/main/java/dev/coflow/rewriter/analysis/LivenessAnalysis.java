package dev.coflow.rewriter.analysis;

import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local slots are live (may still be read) at each instruction: a backward data-flow over the
 * control-flow graph of {@link FrameAnalysis}, exception edges included. A two-slot value is live
 * when its first slot is. Only live locals are spilled at a suspension point, so dead values are
 * neither saved nor kept reachable.
 *
 * <p>The exception edges are the verifier's, not the JVM's: every handler whose range covers an
 * instruction ({@link FrameAnalysis#merged()}), also one listed behind a catch-all over the same
 * range, which the JVM never dispatches to from there. The verifier still merges the instruction's
 * frame into it, so a local its code (or a handler covering its code) reads must be set after a
 * resume as it was before the suspension; otherwise the merged frame loses it and the method fails
 * verification. The Eclipse compiler writes such entries: one MatchException handler for the record
 * patterns of every copy of a {@code finally} block, placed inside the last copy's try range.
 *
 * @param liveIn per instruction index, the slots live just before it
 */
public record LivenessAnalysis(BitSet[] liveIn) {

    /** Computes liveness for the instructions analysed by {@code flow}. */
    public static LivenessAnalysis of(InsnList instructions, FrameAnalysis flow) {
        int size = instructions.size();
        BitSet[] use = new BitSet[size];
        BitSet[] def = new BitSet[size];
        AbstractInsnNode[] insns = instructions.toArray();
        for (int i = 0; i < size; i++) {
            use[i] = new BitSet();
            def[i] = new BitSet();
            AbstractInsnNode insn = insns[i];
            if (insn instanceof VarInsnNode var) {
                int op = var.getOpcode();
                if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op == Opcodes.RET) {
                    use[i].set(var.var);
                } else {
                    def[i].set(var.var);
                    if (op == Opcodes.LSTORE || op == Opcodes.DSTORE) {
                        def[i].set(var.var + 1);
                    }
                }
            } else if (insn instanceof IincInsnNode iinc) {
                use[i].set(iinc.var);
            }
        }
        BitSet[] liveIn = new BitSet[size];
        for (int i = 0; i < size; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = size - 1; i >= 0; i--) {
                if (flow.frames()[i] == null) {
                    continue;
                }
                BitSet out = new BitSet();
                for (int s : flow.successors().get(i)) {
                    out.or(liveIn[s]);
                }
                out.andNot(def[i]);
                out.or(use[i]);
                for (int h : flow.merged().get(i)) {
                    out.or(liveIn[h]);
                }
                if (!out.equals(liveIn[i])) {
                    liveIn[i] = out;
                    changed = true;
                }
            }
        }
        return new LivenessAnalysis(liveIn);
    }

    /**
     * The slots live after a suspension point at {@code index} returns or throws at its call site:
     * what flows on to its successors and to the handlers that cover it (as the verifier counts them).
     */
    public BitSet liveAcross(int index, FrameAnalysis flow) {
        BitSet out = new BitSet();
        for (int s : flow.successors().get(index)) {
            out.or(liveIn[s]);
        }
        for (int h : flow.merged().get(index)) {
            out.or(liveIn[h]);
        }
        return out;
    }
}
