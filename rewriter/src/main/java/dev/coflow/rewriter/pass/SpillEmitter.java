package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The spill of a suspension point: saves what the point's plan says into the method's frame and returns,
 * with the coroutine suspending. The work is done out of line, in a synthetic static method of its own
 * ({@code coflow$spill$N$S}), so that the body keeps one call per point: a rewritten method grows by a few
 * bytes per point instead of tens, and a small hot method stays under the JIT's inlining limits
 * ({@code FreqInlineSize}, 325 bytes) that count every byte of a body, however cold.
 *
 * <pre>
 * spill: (stack values on the operand stack) aload ctx; aload f; [aload this]; the saved locals;
 *        invokestatic coflow$spill$N$S; return 0/null;
 *
 * private static synthetic void coflow$spill$N$S(stack values..., Context ctx, Frame f, [Object self], locals...) {
 *     ResumePoint p = resumePoint;                       // an indy constant
 *     Frame w;
 *     if (f == null) w = Suspension.pushNew(ctx, shape, self, p, calleeName, calleeDescriptor); // taken, marked, linked
 *     else { w = f; Suspension.stopAt(w, p); }        // (a method with one point: w = f; it stops there already)
 *     w.rK = local only if changed; w.pK = bits of local; unused reference fields cleared;
 *     if (f != null) { [a plain yield: if (ctx.pushInPlace(w)) return;]  Suspension.push(ctx, w, calleeName, calleeDescriptor); }
 * }
 * </pre>
 *
 * <p>For an array frame ({@code Frames$Arrays}), and in the body itself, the older sequence: the frame obtained
 * ({@code Suspension.frame}/{@code arraysFrame}), the point, the stores, then the push. A point that saves more
 * than the 255 slots a method's parameters may take spills in the body itself ({@link #inline}).
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

    private static final String OBJECT = "Ljava/lang/Object;";
    /** The most slots a method's parameters may take (JVMS 4.3.3). */
    private static final int MAX_PARAMETER_SLOTS = 255;

    /**
     * A point's spill.
     *
     * @param inBody the code at {@code spill} in the body
     * @param method the synthetic method it calls, or {@code null} when the body spills in place
     */
    record Spill(InsnList inBody, MethodNode method) {
    }

    static Spill spill(MethodPlan plan, MethodPlan.PointPlan point, LabelNode spill, String adapterName) {
        List<MethodPlan.Saved> locals = point.locals().stream().filter(v -> !v.isNull()).toList();
        StringBuilder descriptor = new StringBuilder("(");
        int slots = 0;
        for (MethodPlan.Saved v : point.stack()) {
            descriptor.append(parameterType(v));
            slots += parameterSlots(v);
        }
        descriptor.append("L").append(BytecodeContract.CONTEXT).append(";L").append(BytecodeContract.FRAME).append(";");
        slots += 2;
        if (!plan.isStatic()) {
            descriptor.append(OBJECT);
            slots++;
        }
        for (MethodPlan.Saved v : locals) {
            descriptor.append(parameterType(v));
            slots += parameterSlots(v);
        }
        descriptor.append(")V");
        if (slots > MAX_PARAMETER_SLOTS) {
            return new Spill(inline(plan, point, spill, adapterName), null);
        }
        String name = BytecodeContract.SPILL_PREFIX + adapterName.substring(BytecodeContract.RESUME_ADAPTER_PREFIX.length()) + "$" + point.state();
        InsnList call = new InsnList();
        call.add(spill);
        call.add(new VarInsnNode(Opcodes.ALOAD, plan.contextSlot()));
        call.add(new VarInsnNode(Opcodes.ALOAD, plan.frameSlot()));
        if (!plan.isStatic()) {
            call.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        for (MethodPlan.Saved v : locals) {
            call.add(Insns.load(v.type(), v.slot()));
        }
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, plan.ownerName(), name, descriptor.toString(), plan.ownerInterface()));
        call.add(Insns.returnZero(plan.returnType()));
        return new Spill(call, method(plan, point, adapterName, name, descriptor.toString(), locals));
    }

    /** The synthetic method: its parameters in the order the call pushes them, then the same stores as {@link #inline}. */
    private static MethodNode method(MethodPlan plan, MethodPlan.PointPlan point, String adapterName, String name, String descriptor,
                                     List<MethodPlan.Saved> locals) {
        MethodNode m = new MethodNode(AsmApi.LEVEL, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name, descriptor, null, null);
        InsnList out = m.instructions;
        if (point.line() > 0) {
            // a frame that shows the point's line (an exception from push), where no breakpoint stops (DebugLines)
            out.add(DebugLines.unreachableLine(point.line(), false));
        }
        int slot = 0;
        List<MethodPlan.Saved> stackInMethod = new ArrayList<>();
        for (MethodPlan.Saved v : point.stack()) {
            stackInMethod.add(new MethodPlan.Saved(slot, v.isRef() || v.isNull() ? Type.getType(OBJECT) : v.type(), v.kind(), v.index()));
            slot += parameterSlots(v);
        }
        int contextSlot = slot++;
        int frameSlot = slot++;
        int selfSlot = plan.isStatic() ? -1 : slot++;
        List<MethodPlan.Saved> all = new ArrayList<>();
        for (MethodPlan.Saved v : locals) {
            all.add(new MethodPlan.Saved(slot, v.isRef() ? Type.getType(OBJECT) : v.type(), v.kind(), v.index()));
            slot += parameterSlots(v);
        }
        all.addAll(stackInMethod);
        if (plan.shape().fixed()) {
            slot = spillIntoFixedShape(plan, point, adapterName, out, contextSlot, frameSlot, selfSlot, slot, all);
        } else {
            out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
            out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            out.add(plan.shape().obtain(selfSlot));
            out.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
            out.add(stores(plan, point, adapterName, contextSlot, frameSlot, all));
        }
        out.add(new InsnNode(Opcodes.RETURN));
        m.maxLocals = slot;
        m.maxStack = 8;
        return m;
    }

    /**
     * The spill method's code for a fixed shape: a frame suspending for the first time is taken, marked and linked
     * in one call ({@code pushNew}, which reads the chain's bottom once); one the method was resumed with
     * ({@code frameSlot}, kept as it came) is marked here and pushed after its stores, as before. The point is
     * loaded once: one {@code invokedynamic}, one {@code ResumePoint} per point. Returns the next free slot.
     */
    private static int spillIntoFixedShape(MethodPlan plan, MethodPlan.PointPlan point, String adapterName, InsnList out,
                                                int contextSlot, int frameSlot, int selfSlot, int slot, List<MethodPlan.Saved> all) {
        int pointSlot = slot++;
        int workSlot = slot++;
        LabelNode resumed = new LabelNode();
        LabelNode stored = new LabelNode();
        LabelNode done = new LabelNode();
        out.add(resumePoint(plan, point, adapterName));
        out.add(new VarInsnNode(Opcodes.ASTORE, pointSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, resumed));
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(Insns.pushInt(plan.shape().id()));
        out.add(selfSlot < 0 ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, selfSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, pointSlot));
        out.add(Insns.pushString(point.pushName()));
        out.add(Insns.pushString(point.pushDesc()));
        out.add(Insns.invokeSuspension(BytecodeContract.PUSH_NEW, BytecodeContract.PUSH_NEW_DESCRIPTOR));
        out.add(new VarInsnNode(Opcodes.ASTORE, workSlot));
        out.add(new JumpInsnNode(Opcodes.GOTO, stored));
        out.add(resumed);
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new VarInsnNode(Opcodes.ASTORE, workSlot));
        if (!plan.onePoint()) {
            // a method with one point was resumed at this very point: its frame records it already
            out.add(new VarInsnNode(Opcodes.ALOAD, workSlot));
            out.add(new VarInsnNode(Opcodes.ALOAD, pointSlot));
            out.add(Insns.invokeSuspension(BytecodeContract.STOP_AT, BytecodeContract.STOP_AT_DESCRIPTOR));
        }
        out.add(stored);
        out.add(values(plan, point, workSlot, all));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new JumpInsnNode(Opcodes.IFNULL, done));
        out.add(push(point, contextSlot, workSlot));
        out.add(done);
        return slot;
    }

    /** The slots a saved value takes as a parameter of the spill method: a reference or known null 1, a primitive its size. */
    private static int parameterSlots(MethodPlan.Saved v) {
        return v.isRef() || v.isNull() ? 1 : v.type().getSize();
    }

    private static String parameterType(MethodPlan.Saved v) {
        if (v.isRef() || v.isNull()) {
            return OBJECT;
        }
        return switch (v.type().getSort()) {
            case Type.LONG -> "J";
            case Type.DOUBLE -> "D";
            case Type.FLOAT -> "F";
            default -> "I";
        };
    }

    /** The spill in the body itself: the stack values into their temporaries, then the stores. */
    private static InsnList inline(MethodPlan plan, MethodPlan.PointPlan point, LabelNode spill, String adapterName) {
        InsnList out = new InsnList();
        int contextSlot = plan.contextSlot();
        int frameSlot = plan.frameSlot();
        out.add(spill);
        List<MethodPlan.Saved> stack = point.stack();
        for (int i = stack.size() - 1; i >= 0; i--) {
            MethodPlan.Saved v = stack.get(i);
            out.add(v.isNull() ? new InsnNode(Opcodes.POP) : Insns.store(v.type(), v.slot()));
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(plan.shape().obtain(plan.isStatic()));
        out.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        List<MethodPlan.Saved> all = new ArrayList<>(point.locals());
        all.addAll(stack);
        out.add(stores(plan, point, adapterName, contextSlot, frameSlot, all));
        out.add(Insns.returnZero(plan.returnType()));
        return out;
    }

    /** With the frame to spill into in {@code frameSlot}: the point, the saved values, the clearing and the push. */
    private static InsnList stores(MethodPlan plan, MethodPlan.PointPlan point, String adapterName, int contextSlot, int frameSlot,
                                   List<MethodPlan.Saved> all) {
        InsnList out = new InsnList();
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(resumePoint(plan, point, adapterName));
        out.add(Insns.invokeSuspension(BytecodeContract.STOP_AT, BytecodeContract.STOP_AT_DESCRIPTOR));
        out.add(values(plan, point, frameSlot, all));
        out.add(push(point, contextSlot, frameSlot));
        return out;
    }

    /** With the frame in {@code frameSlot}: the saved values into it, and the references this point does not use cleared. */
    private static InsnList values(MethodPlan plan, MethodPlan.PointPlan point, int frameSlot, List<MethodPlan.Saved> all) {
        FrameShape shape = plan.shape();
        InsnList out = new InsnList();
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
        return out;
    }

    /** The push of the frame in {@code frameSlot}, already holding the point and its values. */
    private static InsnList push(MethodPlan.PointPlan point, int contextSlot, int frameSlot) {
        InsnList out = new InsnList();
        LabelNode pushed = null;
        if (point.pushName() == null && point.pushDesc() == null) {
            // a plain yield: the frame usually suspends again where it is (Context.pushInPlace), tested here so
            // that the JIT's profile of the test is this point's own and the general push stays a cold call
            pushed = new LabelNode();
            out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
            out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BytecodeContract.CONTEXT, BytecodeContract.PUSH_IN_PLACE,
                    BytecodeContract.PUSH_IN_PLACE_DESCRIPTOR, false));
            out.add(new JumpInsnNode(Opcodes.IFNE, pushed));
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(Insns.pushString(point.pushName()));
        out.add(Insns.pushString(point.pushDesc()));
        out.add(Insns.invokeSuspension(BytecodeContract.PUSH, BytecodeContract.PUSH_DESCRIPTOR));
        if (pushed != null) {
            out.add(pushed);
        }
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
