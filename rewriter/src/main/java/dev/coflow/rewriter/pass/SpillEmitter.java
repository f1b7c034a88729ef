package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The spill block of a suspension point: saves what the point's plan says into the method's frame and
 * returns, with the coroutine suspending.
 *
 * <pre>
 * spill: stack values into their temporaries (top first)
 *        f = frame(ctx, f, shape, this); Suspension.stopAt(f, resumePoint);   // the point: an indy constant
 *        f.rK = local only if changed; f.pK = bits of local; unused reference fields cleared;
 *        Suspension.push(ctx, f, calleeName, calleeDescriptor); return 0/null;
 * </pre>
 *
 * <p><b>Requires:</b> the point's stack values on the operand stack at {@code spill}, its locals in their body
 * slots. <b>Establishes:</b> the frame holds every saved value in the field its plan gives it, and no reference
 * a previous point saved in a field this one does not use; the frame records the point and its callee.
 */
final class SpillEmitter {
    private SpillEmitter() {
    }

    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP,
            BytecodeContract.RESUME_POINT_BOOTSTRAP, BytecodeContract.RESUME_POINT_BOOTSTRAP_DESCRIPTOR, false);

    static InsnList spill(MethodPlan plan, MethodPlan.PointPlan point, LabelNode spill, String adapterName) {
        InsnList out = new InsnList();
        int contextSlot = plan.contextSlot();
        int frameSlot = plan.frameSlot();
        FrameShape shape = plan.shape();
        out.add(spill);
        List<MethodPlan.Saved> stack = point.stack();
        for (int i = stack.size() - 1; i >= 0; i--) {
            MethodPlan.Saved v = stack.get(i);
            out.add(v.isNull() ? new InsnNode(Opcodes.POP) : Insns.store(v.type(), v.slot()));
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(shape.obtain(plan.isStatic()));
        out.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(resumePoint(plan, point, adapterName));
        out.add(Insns.invokeSuspension(BytecodeContract.STOP_AT, BytecodeContract.STOP_AT_DESCRIPTOR));
        List<MethodPlan.Saved> all = new ArrayList<>(point.locals());
        all.addAll(stack);
        for (MethodPlan.Saved v : all) {
            if (v.isNull()) {
                continue;
            }
            if (v.isRef()) {
                out.add(shape.storeRefIfChanged(frameSlot, v.index(), v.slot()));
            } else {
                InsnList value = new InsnList();
                value.add(Insns.load(v.type(), v.slot()));
                value.add(Insns.widenToBits(v.type()));
                out.add(shape.storePrim(frameSlot, v.index(), value));
            }
        }
        // references a previous suspension point of this method saved in fields this one does not use
        out.add(shape.clearRefsFrom(frameSlot, point.refCount()));
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(Insns.pushString(point.pushName()));
        out.add(Insns.pushString(point.pushDesc()));
        out.add(Insns.invokeSuspension(BytecodeContract.PUSH, BytecodeContract.PUSH_DESCRIPTOR));
        out.add(Insns.returnZero(plan.returnType()));
        return out;
    }

    /**
     * The point's {@code ResumePoint}: a constant of the call site, made once by {@code Bootstrap} from the
     * resume adapter's handle, the method's names, the state and the line.
     */
    private static InsnList resumePoint(MethodPlan plan, MethodPlan.PointPlan point, String adapterName) {
        Handle adapter = new Handle(Opcodes.H_INVOKESTATIC, plan.ownerName(), adapterName, BytecodeContract.RESUME_ADAPTER_DESCRIPTOR,
                plan.ownerInterface());
        Object[] arguments = {adapter, plan.ownerName(), plan.methodName(), plan.methodDesc(), plan.sourceFile(), point.state(), point.line()};
        InsnList out = new InsnList();
        out.add(new InvokeDynamicInsnNode("resumePoint", BytecodeContract.RESUME_POINT_INDY_DESCRIPTOR, BOOTSTRAP, arguments));
        return out;
    }
}
