package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.analysis.FrameAnalysis;
import dev.coflow.rewriter.analysis.LivenessAnalysis;
import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Decides, from the analyses, what the state machine of one method will be: a {@link MethodPlan}. Reads the
 * method and changes nothing, so a plan can be made, printed and tested on its own.
 *
 * <p><b>Requires:</b> frames and liveness computed on the method's current instructions, and the reachable
 * suspension points numbered from 1. <b>Establishes:</b> for every point, the values to save with their body
 * slots and frame fields, the handlers that cover it, what it produces on a resume and what the frame records
 * of its callee; for the method, the frame shape and whether it keeps a frame at all.
 */
final class MethodPlanner {
    private MethodPlanner() {
    }

    static MethodPlan plan(ClassNode owner, MethodNode method, FrameAnalysis flow, LivenessAnalysis liveness,
                           List<SuspensionPoint> points) {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        int paramSlots = isStatic ? 0 : 1;
        for (Type t : Type.getArgumentTypes(method.desc)) {
            paramSlots += t.getSize();
        }
        // stack values under a call's arguments are parked in temporaries after the body's locals
        int firstTemp = method.maxLocals + BytecodeContract.BODY_EXTRA_SLOTS;
        int maxLocals = firstTemp;
        int maxRefs = 0;
        int maxPrims = 0;
        List<MethodPlan.PointPlan> plans = new ArrayList<>();
        for (SuspensionPoint point : points) {
            Frame<BasicValue> frame = flow.frames()[point.index()];
            BitSet live = liveness.liveAcross(point.index(), flow);
            int[] counts = new int[2]; // references, primitives
            List<MethodPlan.Saved> locals = new ArrayList<>();
            for (int slot = 0; slot < frame.getLocals(); slot++) {
                Type type = frame.getLocal(slot).getType();
                // the receiver is the frame's self reference, saved once for the whole method
                if (type == null || !live.get(slot) || (slot == 0 && !isStatic) || slot >= method.maxLocals) {
                    continue;
                }
                locals.add(saved(bodySlot(slot, paramSlots), type, counts));
            }
            List<MethodPlan.Saved> stack = new ArrayList<>();
            int temp = firstTemp;
            for (int i = 0; i < frame.getStackSize() - argumentValueCount(point.call()); i++) {
                Type type = frame.getStack(i).getType();
                stack.add(saved(temp, type, counts));
                temp += type.getSize();
            }
            maxLocals = Math.max(maxLocals, temp);
            maxRefs = Math.max(maxRefs, counts[0]);
            maxPrims = Math.max(maxPrims, counts[1]);
            plans.add(new MethodPlan.PointPlan(point, locals, stack, counts[0], counts[1], coveringHandlers(method, point.index()),
                    resultType(point), pushName(point), pushDesc(point)));
        }
        return new MethodPlan(owner.name, (owner.access & Opcodes.ACC_INTERFACE) != 0, owner.sourceFile == null ? "" : owner.sourceFile,
                method.name, method.desc, isStatic, paramSlots, Type.getReturnType(method.desc), !isPureForwarder(method, points),
                FrameShape.of(isStatic ? 0 : 1, maxRefs, maxPrims), maxLocals, firstTemp, plans);
    }

    private static MethodPlan.Saved saved(int slot, Type type, int[] counts) {
        if (type.getSort() == Type.OBJECT && type.getInternalName().equals("null")) {
            return new MethodPlan.Saved(slot, type, MethodPlan.Saved.Kind.NULL, -1); // known null: nothing to save
        }
        boolean isRef = type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
        return isRef ? new MethodPlan.Saved(slot, type, MethodPlan.Saved.Kind.REF, counts[0]++)
                : new MethodPlan.Saved(slot, type, MethodPlan.Saved.Kind.PRIM, counts[1]++);
    }

    /** A slot of the original method in the body, where the three extra parameters follow the original ones. */
    static int bodySlot(int slot, int paramSlots) {
        return slot >= paramSlots ? slot + BytecodeContract.BODY_EXTRA_SLOTS : slot;
    }

    /** The values the call at a point takes from the stack (its receiver and arguments); they are not saved. */
    private static int argumentValueCount(MethodInsnNode call) {
        int count = Type.getArgumentTypes(call.desc).length;
        return call.getOpcode() == Opcodes.INVOKESTATIC ? count : count + 1;
    }

    private static Type resultType(SuspensionPoint point) {
        return switch (point.kind()) {
            case YIELD -> Type.getType(Object.class);
            case ENTRY_POINT -> Type.VOID_TYPE;
            case CALL -> Type.getReturnType(point.call().desc);
        };
    }

    /** The callee name a frame records: none for a yield or entry point, nor through an interface (a lambda may answer under another name). */
    private static String pushName(SuspensionPoint point) {
        return point.kind() != SuspensionPoint.Kind.CALL || point.call().getOpcode() == Opcodes.INVOKEINTERFACE ? null : point.call().name;
    }

    private static String pushDesc(SuspensionPoint point) {
        if (point.kind() != SuspensionPoint.Kind.CALL) {
            return null; // an entry point begins its suspension like a yield
        }
        return point.call().getOpcode() == Opcodes.INVOKEINTERFACE ? BytecodeContract.ANY_CALLEE : point.call().desc;
    }

    static List<TryCatchBlockNode> coveringHandlers(MethodNode method, int index) {
        List<TryCatchBlockNode> out = new ArrayList<>();
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            int start = method.instructions.indexOf(tcb.start);
            int end = method.instructions.indexOf(tcb.end);
            if (start <= index && index < end) {
                out.add(tcb);
            }
        }
        return out;
    }

    /**
     * A synthetic lambda body whose only suspension point is a call outside every try block, followed
     * at once by the return of that call's result (or by {@code return} after a {@code void} call),
     * with the same kind of return value: {@code () -> grep(pattern)}. Such a method needs no frame:
     * when the callee suspends it returns too, and when the callee's frame finishes on a resume its
     * result goes straight to this method's caller, which is what this method would have returned.
     * Its caller always calls it through the functional interface (a call site that accepts any
     * callee frame) or is the coroutine's start. The price: the lambda is missing from the logical
     * callers added to stack traces after a resume.
     */
    static boolean isPureForwarder(MethodNode method, List<SuspensionPoint> points) {
        if (points.size() != 1 || !dev.coflow.rewriter.MethodClassifier.isLambdaBody(method.access, method.name)) {
            return false;
        }
        SuspensionPoint point = points.get(0);
        if (point.kind() != SuspensionPoint.Kind.CALL || !coveringHandlers(method, point.index()).isEmpty()) {
            return false;
        }
        MethodInsnNode call = point.call();
        AbstractInsnNode next = call.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        if (next == null) {
            return false;
        }
        Type calleeReturn = Type.getReturnType(call.desc);
        Type ownReturn = Type.getReturnType(method.desc);
        boolean sameKind = calleeReturn.getSort() == Type.OBJECT || calleeReturn.getSort() == Type.ARRAY
                ? ownReturn.getSort() == Type.OBJECT || ownReturn.getSort() == Type.ARRAY
                : calleeReturn.getSort() == ownReturn.getSort();
        return sameKind && next.getOpcode() == ownReturn.getOpcode(Opcodes.IRETURN);
    }
}
