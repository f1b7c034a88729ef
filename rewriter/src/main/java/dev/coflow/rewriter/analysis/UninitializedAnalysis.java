package dev.coflow.rewriter.analysis;

import dev.coflow.rewriter.AsmApi;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * Where an object under construction is live: the value a {@code new} pushed, and every copy of it ({@code dup},
 * {@code swap}, {@code dup_x1} and kin, stores and loads), until the constructor call on any copy initialises them
 * all, as the JVM's verifier replaces every occurrence of {@code uninitialized(offset)} in the frame (JVMS 4.10.1.9).
 * An uninitialised value cannot be saved, so a suspension point where one is in the frame cannot suspend; any other
 * {@code new}, however its copies are shuffled (ECJ moves the object under its argument with {@code dup_x1; swap}),
 * is none of the rewriter's business.
 *
 * <p>Values are their size and the {@code new} they come from (null for any other value); at a join, a value that is
 * uninitialised on one path counts as uninitialised (the verifier would not let such a frame be used anyway).
 */
public final class UninitializedAnalysis {
    private UninitializedAnalysis() {
    }

    /**
     * Whether an uninitialised object is on the stack before one of {@code points}, or in a local that is live across it
     * ({@code liveAcross}, by instruction index: the locals a suspension there saves), on some path; true also when the
     * method cannot be analysed, so that the caller refuses rather than let a bad frame through. A dead local is left
     * out: javac leaves the copies of an object it spilled to locals (a switch expression containing {@code try} among
     * a constructor's arguments) in those locals after the constructor call, and a handler covering the spill merges
     * them in from inside it; nothing reads them there, and nothing saves them.
     */
    public static boolean liveAtAny(String owner, MethodNode method, Set<AbstractInsnNode> points,
                                    java.util.function.IntFunction<java.util.BitSet> liveAcross) {
        Frame<Slot>[] frames;
        try {
            frames = AsmApi.limited(new Analyzer<>(new SlotInterpreter()) {
                @Override
                protected Frame<Slot> newFrame(int numLocals, int numStack) {
                    return new InitialisingFrame(numLocals, numStack);
                }

                @Override
                protected Frame<Slot> newFrame(Frame<? extends Slot> frame) {
                    return new InitialisingFrame(frame);
                }
            }).analyze(owner, method);
        } catch (AnalyzerException e) {
            return true;
        }
        for (AbstractInsnNode point : points) {
            int index = method.instructions.indexOf(point);
            Frame<Slot> frame = frames[index];
            if (frame == null) {
                continue; // unreachable
            }
            java.util.BitSet live = liveAcross.apply(index);
            for (int i = 0; i < frame.getLocals(); i++) {
                if (frame.getLocal(i) != null && frame.getLocal(i).newInsn != null && live.get(i)) {
                    return true;
                }
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (frame.getStack(i).newInsn != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A value: its size, and the {@code new} whose object it is while that object is not initialised (else null). */
    static final class Slot implements Value {
        static final Slot ONE = new Slot(1, null);
        static final Slot TWO = new Slot(2, null);

        final int size;
        final AbstractInsnNode newInsn;

        Slot(int size, AbstractInsnNode newInsn) {
            this.size = size;
            this.newInsn = newInsn;
        }

        static Slot of(int size) {
            return size == 2 ? TWO : ONE;
        }

        @Override
        public int getSize() {
            return size;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot s && s.size == size && s.newInsn == newInsn;
        }

        @Override
        public int hashCode() {
            return Objects.hash(size, System.identityHashCode(newInsn));
        }
    }

    /** A frame that, at a constructor call, marks every copy of the object it initialises as initialised. */
    static final class InitialisingFrame extends Frame<Slot> {
        InitialisingFrame(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        InitialisingFrame(Frame<? extends Slot> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<Slot> interpreter) throws AnalyzerException {
            Slot receiver = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && insn instanceof MethodInsnNode call && call.name.equals("<init>")) {
                receiver = getStack(getStackSize() - 1 - Type.getArgumentTypes(call.desc).length);
            }
            super.execute(insn, interpreter);
            if (receiver != null && receiver.newInsn != null) {
                for (int i = 0; i < getLocals(); i++) {
                    if (receiver.equals(getLocal(i))) {
                        setLocal(i, Slot.ONE);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (receiver.equals(getStack(i))) {
                        setStack(i, Slot.ONE);
                    }
                }
            }
        }
    }

    /** Sizes and identities only: copies keep the value they copy, so a copy of an uninitialised object stays one. */
    static final class SlotInterpreter extends Interpreter<Slot> {
        SlotInterpreter() {
            super(AsmApi.LEVEL);
        }

        @Override
        public Slot newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return type == null ? Slot.ONE : Slot.of(type.getSize());
        }

        @Override
        public Slot newOperation(AbstractInsnNode insn) {
            switch (insn.getOpcode()) {
                case Opcodes.NEW:
                    return new Slot(1, insn);
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1:
                    return Slot.TWO;
                case Opcodes.LDC: {
                    Object constant = ((LdcInsnNode) insn).cst;
                    if (constant instanceof Long || constant instanceof Double) {
                        return Slot.TWO;
                    }
                    if (constant instanceof org.objectweb.asm.ConstantDynamic dynamic) {
                        return Slot.of(Type.getType(dynamic.getDescriptor()).getSize());
                    }
                    return Slot.ONE;
                }
                case Opcodes.GETSTATIC:
                    return Slot.of(Type.getType(((FieldInsnNode) insn).desc).getSize());
                default:
                    return Slot.ONE;
            }
        }

        @Override
        public Slot copyOperation(AbstractInsnNode insn, Slot value) {
            return value;
        }

        @Override
        public Slot unaryOperation(AbstractInsnNode insn, Slot value) {
            switch (insn.getOpcode()) {
                case Opcodes.LNEG, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D, Opcodes.D2L:
                    return Slot.TWO;
                case Opcodes.GETFIELD:
                    return Slot.of(Type.getType(((FieldInsnNode) insn).desc).getSize());
                case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.TABLESWITCH,
                        Opcodes.LOOKUPSWITCH, Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN,
                        Opcodes.ARETURN, Opcodes.PUTSTATIC, Opcodes.ATHROW, Opcodes.MONITORENTER, Opcodes.MONITOREXIT,
                        Opcodes.IFNULL, Opcodes.IFNONNULL:
                    return null;
                default:
                    return Slot.ONE;
            }
        }

        @Override
        public Slot binaryOperation(AbstractInsnNode insn, Slot value1, Slot value2) {
            switch (insn.getOpcode()) {
                case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL,
                        Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LSHL, Opcodes.LSHR,
                        Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR:
                    return Slot.TWO;
                case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                        Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE, Opcodes.PUTFIELD:
                    return null;
                default:
                    return Slot.ONE;
            }
        }

        @Override
        public Slot ternaryOperation(AbstractInsnNode insn, Slot value1, Slot value2, Slot value3) {
            return null;
        }

        @Override
        public Slot naryOperation(AbstractInsnNode insn, List<? extends Slot> values) {
            if (insn.getOpcode() == Opcodes.MULTIANEWARRAY) {
                return Slot.ONE;
            }
            String desc = insn instanceof InvokeDynamicInsnNode indy ? indy.desc : ((MethodInsnNode) insn).desc;
            return newValue(Type.getReturnType(desc));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Slot value, Slot expected) {
        }

        @Override
        public Slot merge(Slot value1, Slot value2) {
            if (value1.equals(value2)) {
                return value1;
            }
            AbstractInsnNode uninitialized = value1.newInsn != null ? value1.newInsn : value2.newInsn;
            Slot merged = new Slot(value1.size == value2.size ? value1.size : 1, uninitialized);
            return merged.equals(value1) ? value1 : merged;
        }
    }
}
