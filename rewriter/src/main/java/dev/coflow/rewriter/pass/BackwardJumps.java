package dev.coflow.rewriter.pass;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Works around a bug of ASM 9.11.1 in methods whose code needs jumps farther than 32 KB: before it expands its forward
 * jumps past 32 KB into {@code goto_w}, {@code MethodWriter.completeAsmInstructions} also marks each jump whose offset
 * that expansion would push past the 16-bit range, but for a backward jump it keeps the signed offset under a mark that
 * means an unsigned forward one, so ASM then reads a target past the end of the code and throws
 * ({@code ArrayIndexOutOfBoundsException} in {@code ClassReader.readLabel}; ASM 9.10.1 lays the same methods out).
 * {@link #widen} gives a method no backward jump with a 16-bit offset: {@code goto L} becomes {@code iconst_0;
 * tableswitch 0..0 {0: L, default: L}}, whose offsets have 32 bits, and {@code if<cond> L} becomes {@code if<!cond> skip;
 * iconst_0; tableswitch ...; skip:}. (Not a {@code lookupswitch} with no pairs, which is shorter: as the last instruction of
 * a method HotSpot's verifier rejects it, "Bad instruction", and the JDK's {@code ClassFile.verify} loops on it for ever,
 * JDK 25.0.3.) The rewriter does this only to a body ASM failed to lay out (design.md, Faults), a
 * body over 32 KB, which HotSpot does not compile anyway unless told to (over its 8,000-byte limit): a loop's back
 * edge costs a switch there.
 */
public final class BackwardJumps {
    private BackwardJumps() {
    }

    /** Rewrites every backward jump of {@code method} in place as above; returns how many there were. */
    public static int widen(MethodNode method) {
        InsnList insns = method.instructions;
        Map<LabelNode, Integer> at = new HashMap<>();
        int index = 0;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode label) {
                at.put(label, index);
            }
            index++;
        }
        int widened = 0;
        index = 0;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; index++) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof JumpInsnNode jump && jump.getOpcode() != Opcodes.JSR && at.get(jump.label) <= index) {
                InsnList wide = new InsnList();
                LabelNode skip = null;
                if (jump.getOpcode() != Opcodes.GOTO) {
                    skip = new LabelNode();
                    wide.add(new JumpInsnNode(negated(jump.getOpcode()), skip));
                }
                wide.add(new InsnNode(Opcodes.ICONST_0));
                wide.add(new TableSwitchInsnNode(0, 0, jump.label, jump.label));
                if (skip != null) {
                    wide.add(skip);
                }
                insns.insert(jump, wide);
                insns.remove(jump);
                widened++;
            }
            insn = next;
        }
        return widened;
    }

    /** The conditional jump taken exactly when {@code opcode}'s is not. */
    static int negated(int opcode) {
        return switch (opcode) {
            case Opcodes.IFEQ -> Opcodes.IFNE;
            case Opcodes.IFNE -> Opcodes.IFEQ;
            case Opcodes.IFLT -> Opcodes.IFGE;
            case Opcodes.IFGE -> Opcodes.IFLT;
            case Opcodes.IFGT -> Opcodes.IFLE;
            case Opcodes.IFLE -> Opcodes.IFGT;
            case Opcodes.IF_ICMPEQ -> Opcodes.IF_ICMPNE;
            case Opcodes.IF_ICMPNE -> Opcodes.IF_ICMPEQ;
            case Opcodes.IF_ICMPLT -> Opcodes.IF_ICMPGE;
            case Opcodes.IF_ICMPGE -> Opcodes.IF_ICMPLT;
            case Opcodes.IF_ICMPGT -> Opcodes.IF_ICMPLE;
            case Opcodes.IF_ICMPLE -> Opcodes.IF_ICMPGT;
            case Opcodes.IF_ACMPEQ -> Opcodes.IF_ACMPNE;
            case Opcodes.IF_ACMPNE -> Opcodes.IF_ACMPEQ;
            case Opcodes.IFNULL -> Opcodes.IFNONNULL;
            case Opcodes.IFNONNULL -> Opcodes.IFNULL;
            default -> throw new IllegalArgumentException("not a conditional jump: " + opcode);
        };
    }
}
