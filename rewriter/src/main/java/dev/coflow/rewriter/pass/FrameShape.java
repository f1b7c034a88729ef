package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The frame class a rewritten method spills into, chosen once per method from the most values any
 * of its suspension points saves (the runtime's {@code Frames}): a fixed shape {@code RrPp} with
 * fields {@code r0…} and {@code p0…} when the receiver plus the references fit in
 * {@link BytecodeContract#FRAME_MAX_REFS} and the primitives in {@link BytecodeContract#FRAME_MAX_PRIMS},
 * else {@code Frames$Arrays}. Reference {@code i} of a suspension point goes to {@code r(i + selfRefs)}
 * (the receiver of an instance method is {@code r0}); primitive {@code j} to {@code pj}, as raw bits.
 *
 * @param selfRefs 1 for an instance method (its receiver is {@code r0}), else 0
 * @param refs     the most references any suspension point saves, the receiver not counted
 * @param prims    the most primitives any suspension point saves
 */
record FrameShape(int selfRefs, int refs, int prims) {

    static FrameShape of(int selfRefs, int refs, int prims) {
        return new FrameShape(selfRefs, refs, prims);
    }

    boolean fixed() {
        return selfRefs + refs <= BytecodeContract.FRAME_MAX_REFS && prims <= BytecodeContract.FRAME_MAX_PRIMS;
    }

    /** The shape id of a fixed shape, as {@code Frames.shapeOf} computes it. */
    int id() {
        int r = selfRefs + refs;
        if (r <= BytecodeContract.FRAME_SMALL_REFS && prims <= BytecodeContract.FRAME_SMALL_PRIMS) {
            return r * (BytecodeContract.FRAME_SMALL_PRIMS + 1) + prims;
        }
        return (BytecodeContract.FRAME_SMALL_REFS + 1) * (BytecodeContract.FRAME_SMALL_PRIMS + 1)
                + r * (BytecodeContract.FRAME_MAX_PRIMS + 1) + prims;
    }

    String className() {
        return fixed() ? BytecodeContract.FRAME_SHAPE_PREFIX + "R" + (selfRefs + refs) + "P" + prims : BytecodeContract.ARRAYS_FRAME;
    }

    /** With the context and the frame being resumed (or null) on the stack: leaves the frame to spill into. */
    InsnList obtain(boolean isStatic) {
        return obtain(isStatic ? -1 : 0);
    }

    /** {@link #obtain(boolean)} with the receiver in {@code selfSlot}, or {@code -1} for a static method. */
    InsnList obtain(int selfSlot) {
        // the null test here, not only in Suspension.frame: its JIT profile is then this point's own, and where
        // the point only suspends a frame that is already there (a resumed loop) taking a new frame is a cold
        // call, not compiled into the point's code
        InsnList out = new InsnList();
        LabelNode take = new LabelNode();
        LabelNode done = new LabelNode();
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNULL, take));
        out.add(new InsnNode(Opcodes.SWAP));
        out.add(new InsnNode(Opcodes.POP));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        out.add(take);
        if (fixed()) {
            out.add(Insns.pushInt(id()));
        } else {
            out.add(Insns.pushInt(refs));
            out.add(Insns.pushInt(prims));
        }
        out.add(selfSlot < 0 ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, selfSlot));
        out.add(fixed()
                ? Insns.invokeSuspension(BytecodeContract.OBTAIN_FRAME, BytecodeContract.OBTAIN_FRAME_DESCRIPTOR)
                : Insns.invokeSuspension(BytecodeContract.OBTAIN_ARRAYS_FRAME, BytecodeContract.OBTAIN_ARRAYS_FRAME_DESCRIPTOR));
        out.add(done);
        return out;
    }

    /** {@code frame.r(index) = value} (or the array element), {@code value} being one instruction. */
    InsnList storeRef(int frameSlot, int index, AbstractInsnNode value) {
        InsnList out = typedFrame(frameSlot);
        if (fixed()) {
            out.add(value);
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, className(), refField(index), "Ljava/lang/Object;"));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_REFS, "[Ljava/lang/Object;"));
            out.add(Insns.pushInt(index));
            out.add(value);
            out.add(new InsnNode(Opcodes.AASTORE));
        }
        return out;
    }

    /**
     * {@code if (frame.r(index) != local) frame.r(index) = local}: a frame resumed and suspending again
     * at the same place usually saves the same references, and a store of a reference is the costly
     * part of a spill (the collector's write barrier). Saved references are not cleared when they
     * are restored; every spill writes or clears every reference field, so a frame never keeps a
     * reference past its method's next suspension (nor past its end: finished frames are cleared).
     */
    InsnList storeRefIfChanged(int frameSlot, int index, int localSlot) {
        InsnList out = new InsnList();
        LabelNode same = new LabelNode();
        out.add(loadRef(frameSlot, index));
        out.add(new VarInsnNode(Opcodes.ALOAD, localSlot));
        out.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, same));
        out.add(storeRef(frameSlot, index, new VarInsnNode(Opcodes.ALOAD, localSlot)));
        out.add(same);
        return out;
    }

    /** Clears the reference fields from {@code index} on (the receiver is never cleared). */
    InsnList clearRefsFrom(int frameSlot, int index) {
        InsnList out = new InsnList();
        for (int i = index; i < refs; i++) {
            out.add(storeRef(frameSlot, i, new InsnNode(Opcodes.ACONST_NULL)));
        }
        return out;
    }

    /** Pushes saved reference {@code index}. */
    InsnList loadRef(int frameSlot, int index) {
        InsnList out = typedFrame(frameSlot);
        if (fixed()) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), refField(index), "Ljava/lang/Object;"));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_REFS, "[Ljava/lang/Object;"));
            out.add(Insns.pushInt(index));
            out.add(new InsnNode(Opcodes.AALOAD));
        }
        return out;
    }

    /** {@code frame.p(index) = value}, {@code value} pushing a {@code long} (raw bits). */
    InsnList storePrim(int frameSlot, int index, InsnList value) {
        InsnList out = typedFrame(frameSlot);
        if (fixed()) {
            out.add(value);
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, className(), primField(index), "J"));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_PRIMS, "[J"));
            out.add(Insns.pushInt(index));
            out.add(value);
            out.add(new InsnNode(Opcodes.LASTORE));
        }
        return out;
    }

    /** Pushes saved primitive {@code index} as a {@code long} (raw bits). */
    InsnList loadPrim(int frameSlot, int index) {
        InsnList out = typedFrame(frameSlot);
        if (fixed()) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), primField(index), "J"));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_PRIMS, "[J"));
            out.add(Insns.pushInt(index));
            out.add(new InsnNode(Opcodes.LALOAD));
        }
        return out;
    }

    /** Pushes the arrays shape's array of references ({@code Frames$Arrays.refs}). */
    InsnList refsArray(int frameSlot) {
        InsnList out = typedFrame(frameSlot);
        out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_REFS, "[Ljava/lang/Object;"));
        return out;
    }

    /** Pushes the arrays shape's array of primitives ({@code Frames$Arrays.prims}). */
    InsnList primsArray(int frameSlot) {
        InsnList out = typedFrame(frameSlot);
        out.add(new FieldInsnNode(Opcodes.GETFIELD, className(), BytecodeContract.ARRAYS_FRAME_PRIMS, "[J"));
        return out;
    }

    /** Pushes element {@code index} of the array in {@code arraySlot}, with {@code load} ({@code AALOAD} or {@code LALOAD}). */
    static InsnList arrayElement(int arraySlot, int index, int load) {
        InsnList out = new InsnList();
        out.add(new VarInsnNode(Opcodes.ALOAD, arraySlot));
        out.add(Insns.pushInt(index));
        out.add(new InsnNode(load));
        return out;
    }

    private String refField(int index) {
        return BytecodeContract.FRAME_REF_PREFIX + (index + selfRefs);
    }

    private static String primField(int index) {
        return BytecodeContract.FRAME_PRIM_PREFIX + index;
    }

    /** The frame, cast to its shape's class: the JIT folds the repeated casts of one frame into one. */
    private InsnList typedFrame(int frameSlot) {
        InsnList out = new InsnList();
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new TypeInsnNode(Opcodes.CHECKCAST, className()));
        return out;
    }
}
