package dev.coflow.rewriter.pass;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;

/**
 * How many operand-stack values an instruction of straight-line code takes and leaves (values, not slots: a
 * {@code long} is one), for walking back from a call to the instruction that pushed one of its operands
 * ({@link DirectCallPass.Receivers}). {@code null} for what such a walk must not step over: instructions that copy,
 * swap or drop values by their size ({@code dup}s, {@code swap}, {@code pop2}), and every jump, switch, return and throw.
 */
final class StackEffect {
    private StackEffect() {
    }

    private static final int[] PUSH = {0, 1};
    private static final int[] UNARY = {1, 1};
    private static final int[] BINARY = {2, 1};
    private static final int[] NONE = {0, 0};

    /** {@code {taken, left}}, or {@code null}. */
    static int[] of(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op == Opcodes.NOP || op == Opcodes.IINC) {
            return NONE;
        }
        if (op >= Opcodes.ACONST_NULL && op <= Opcodes.LDC || op >= Opcodes.ILOAD && op <= Opcodes.ALOAD
                || op == Opcodes.GETSTATIC || op == Opcodes.NEW) {
            return PUSH;
        }
        if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD || op >= Opcodes.IADD && op <= Opcodes.DREM
                || op >= Opcodes.ISHL && op <= Opcodes.LXOR || op >= Opcodes.LCMP && op <= Opcodes.DCMPG) {
            return BINARY;
        }
        if (op >= Opcodes.INEG && op <= Opcodes.DNEG || op >= Opcodes.I2L && op <= Opcodes.I2S || op == Opcodes.GETFIELD
                || op == Opcodes.NEWARRAY || op == Opcodes.ANEWARRAY || op == Opcodes.ARRAYLENGTH || op == Opcodes.CHECKCAST
                || op == Opcodes.INSTANCEOF) {
            return UNARY;
        }
        if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE || op == Opcodes.POP || op == Opcodes.PUTSTATIC
                || op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT) {
            return new int[] {1, 0};
        }
        if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE) {
            return new int[] {3, 0};
        }
        if (op == Opcodes.PUTFIELD) {
            return new int[] {2, 0};
        }
        if (insn instanceof MethodInsnNode m) {
            return new int[] {Type.getArgumentTypes(m.desc).length + (op == Opcodes.INVOKESTATIC ? 0 : 1),
                    Type.getReturnType(m.desc) == Type.VOID_TYPE ? 0 : 1};
        }
        if (insn instanceof InvokeDynamicInsnNode d) {
            return new int[] {Type.getArgumentTypes(d.desc).length, Type.getReturnType(d.desc) == Type.VOID_TYPE ? 0 : 1};
        }
        if (insn instanceof MultiANewArrayInsnNode a) {
            return new int[] {a.dims, 1};
        }
        return null;
    }
}
