package dev.coflow.rewriter.pass;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The resume block of a suspension point, where the dispatch jumps when the frame is resumed there:
 *
 * <pre>
 * resume: locals back into their slots; stack values back onto the stack (bottom first);
 *   take: result = ctx.takeX(in);    // the value sent, or the exception thrown in, raised here
 *  taken: goto cont;
 * </pre>
 *
 * <p><b>Requires:</b> the frame in the frame slot holds what the point's spill saved. <b>Establishes:</b> at
 * {@code cont}, the locals, stack and result as if the call had just returned; the take is covered by the
 * same handlers as the call was (the returned handler entries), so an exception thrown in is caught where
 * the call's would have been.
 */
final class ResumeEmitter {
    private ResumeEmitter() {
    }

    /**
     * With a frame of the arrays shape, a point that restores at least this many values of one kind loads that kind's
     * array once into a scratch slot (its refs: 8 bytes, then 5-6 a value instead of 12-13; see {@link #resume}).
     */
    static final int HOIST_ARRAY_FROM = 3;

    /**
     * The block, beginning at {@code resume}; the handler entries to add are put in {@code handlers}. With a frame of
     * the arrays shape ({@code Frames$Arrays}, a method saving more values than the fixed shapes hold), the arrays of
     * references and of primitives are read once into the slot {@code plan.maxLocals()} (past every local and temporary
     * of the body, free here and dead after) rather than once a value: a point restores every value live there, so
     * over many points and locals this code grows as their product, and it is what pushes a large method's resume body
     * past HotSpot's 8000-byte limit for compiling (ClassRewriter's TOO_LARGE_TO_COMPILE warning).
     */
    static InsnList resume(MethodPlan plan, MethodPlan.PointPlan point, LabelNode resume, LabelNode cont, List<TryCatchBlockNode> handlers) {
        InsnList out = new InsnList();
        int frameSlot = plan.frameSlot();
        FrameShape shape = plan.shape();
        int scratch = plan.maxLocals();
        out.add(resume);
        int refs = 0;
        int prims = 0;
        for (MethodPlan.Saved v : point.locals()) {
            refs += v.isRef() ? 1 : 0;
            prims += isPrim(v) ? 1 : 0;
        }
        boolean hoistRefs = !shape.fixed() && refs >= HOIST_ARRAY_FROM;
        boolean hoistPrims = !shape.fixed() && prims >= HOIST_ARRAY_FROM;
        // the locals: references (and known nulls) first, then primitives, each kind from its array when hoisted
        for (int pass = 0; pass < 2; pass++) {
            boolean prim = pass == 1;
            boolean hoist = prim ? hoistPrims : hoistRefs;
            if (hoist) {
                out.add(prim ? shape.primsArray(frameSlot) : shape.refsArray(frameSlot));
                out.add(new VarInsnNode(Opcodes.ASTORE, scratch));
            }
            for (MethodPlan.Saved v : point.locals()) {
                if (isPrim(v) == prim) {
                    out.add(load(v, frameSlot, shape, hoist ? scratch : -1));
                    out.add(Insns.store(v.type(), v.slot()));
                }
            }
        }
        // the stack values, bottom first, onto the stack
        for (MethodPlan.Saved v : point.stack()) {
            out.add(load(v, frameSlot, shape, -1));
        }
        LabelNode take = new LabelNode();
        LabelNode taken = new LabelNode();
        out.add(take);
        out.add(Insns.takeResult(plan.contextSlot(), plan.inSlot(), point.resultType()));
        out.add(taken);
        out.add(new JumpInsnNode(Opcodes.GOTO, cont));
        for (TryCatchBlockNode handler : point.handlers()) {
            handlers.add(new TryCatchBlockNode(take, taken, handler.handler, handler.type));
        }
        return out;
    }

    private static boolean isPrim(MethodPlan.Saved v) {
        return !v.isRef() && !v.isNull();
    }

    /** Pushes saved value {@code v}: from the frame, or from the array already in {@code arraySlot} (when not -1). */
    private static InsnList load(MethodPlan.Saved v, int frameSlot, FrameShape shape, int arraySlot) {
        InsnList out = new InsnList();
        if (v.isNull()) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
        } else if (v.isRef()) {
            out.add(arraySlot < 0 ? shape.loadRef(frameSlot, v.index()) : FrameShape.arrayElement(arraySlot, v.index(), Opcodes.AALOAD));
            out.add(Insns.castTo(v.type()));
            // not cleared here: the next spill overwrites or clears it (see FrameShape.storeRefIfChanged)
        } else {
            out.add(arraySlot < 0 ? shape.loadPrim(frameSlot, v.index()) : FrameShape.arrayElement(arraySlot, v.index(), Opcodes.LALOAD));
            out.add(Insns.narrowFromBits(v.type()));
        }
        return out;
    }
}
