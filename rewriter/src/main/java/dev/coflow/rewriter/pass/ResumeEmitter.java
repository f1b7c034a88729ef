package dev.coflow.rewriter.pass;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

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

    /** The block, beginning at {@code resume}; the handler entries to add are put in {@code handlers}. */
    static InsnList resume(MethodPlan plan, MethodPlan.PointPlan point, LabelNode resume, LabelNode cont, List<TryCatchBlockNode> handlers) {
        InsnList out = new InsnList();
        int frameSlot = plan.frameSlot();
        out.add(resume);
        for (MethodPlan.Saved v : point.locals()) {
            out.add(load(v, frameSlot, plan.shape()));
            out.add(Insns.store(v.type(), v.slot()));
        }
        for (MethodPlan.Saved v : point.stack()) {
            out.add(load(v, frameSlot, plan.shape()));
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

    private static InsnList load(MethodPlan.Saved v, int frameSlot, FrameShape shape) {
        InsnList out = new InsnList();
        if (v.isNull()) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
        } else if (v.isRef()) {
            out.add(shape.loadRef(frameSlot, v.index()));
            out.add(Insns.castTo(v.type()));
            // not cleared here: the next spill overwrites or clears it (see FrameShape.storeRefIfChanged)
        } else {
            out.add(shape.loadPrim(frameSlot, v.index()));
            out.add(Insns.narrowFromBits(v.type()));
        }
        return out;
    }
}
