package dev.coflow.rewriter.pass;

import static dev.coflow.runtime.BytecodeContract.CONTEXT;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.analysis.FrameAnalysis;
import dev.coflow.rewriter.analysis.LivenessAnalysis;
import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Turns a coroutine method into: the <b>resume body</b>, a private synthetic overload with three
 * extra parameters ({@code Context}, {@code Frame}, and the {@code Object} handed in on a resume) that
 * holds the original code plus the state machine; the <b>fresh body</b> ({@link FreshBody}), a copy of it
 * with only the {@code Context} parameter and without what only a resume runs, which fresh calls run; the
 * <b>bridge</b>, the original method, which now only calls the fresh body (so signatures, overriding,
 * reflection and lambdas are untouched); the <b>resume adapter</b>, a static method the runtime calls to
 * continue a suspended frame; and a <b>spill method</b> per point ({@link SpillEmitter}).
 *
 * <p>Plan, then emit: {@link MethodPlanner} decides everything from the analyses while their instruction
 * indices hold ({@link MethodPlan}); then each emitter writes one kind of code from the plan:
 * {@link SiteEmitter} (each point, in place), {@link SpillEmitter} and {@link ResumeEmitter} (each point's
 * out-of-line code), {@link DispatchEmitter} (entry dispatch, handler disarms), {@link ResumeAdapterEmitter}
 * and {@link BridgePass}.
 *
 * <p><b>Requires:</b> no uninitialised object live across a suspension point (NewHoistingPass), no
 * monitor held at one, frames and liveness computed on the current instructions. <b>Establishes:</b>
 * a body that verifies once its frames are computed from the class hierarchy, its adapter, and the bridge.
 *
 * <pre>
 * R m(A a)                      ==&gt;  R m(A a) { return m(a, Suspension.enterInstance(keys, C.class)); }   // bridge
 *
 * private synthetic R m(A a, Context ctx) { ... }   // fresh body: the resume body less dispatch and resume blocks, a null frame
 *
 * private synthetic R m(A a, Context ctx, Frame f, Object in) {                             // resume body
 *     if (f != null) switch (f.point.state) { case 1: goto resume1; ... default: throw badState(f); }
 *                                                    // (one point: if (f != null) goto resume1;)
 *     ...                                                                                  // original code, where
 *     x = Coroutines.yield(v);   ==&gt;  ctx = Suspension.yield(v, ctx); goto spill1; cont1: x = (result);
 *     y = callee(b);             ==&gt;  arm(ctx, key); y = callee(b); if (called(ctx)) goto pop2; cont2:
 *     ...
 *   spill1: coflow$spill$N$1(stack values below the call, ctx, f, this, live locals); return 0/null;
 *   resume1: live locals and stack values &lt;- f; result = ctx.takeX(in); goto cont1;        // takeX is covered
 *   pop2: pop; spill2: ...                                                                 // by the call's handlers
 * }
 * static synthetic void coflow$resume$N(Frame f, Context ctx, Object in) { ctx.valueX = ((C) f.r0).m(0, ctx, f, in); }
 * static synthetic void coflow$spill$N$1(stack values, Context ctx, Frame f, Object self, locals) {   // SpillEmitter
 *     f = frame(ctx, f, shape, self); stopAt(f, point1); f.rK = x only if changed, unused reference fields cleared;
 *     push(ctx, f, calleeName, calleeDescriptor);
 * }
 * </pre>
 */
public final class StateMachinePass {
    private StateMachinePass() {
    }

    /**
     * The new methods made for one coroutine method (the bridge replaces the original's code in place).
     *
     * @param fresh   the body a fresh call runs ({@link FreshBody})
     * @param resume  the body a resume runs, or {@code null} for a method never resumed (a pure forwarder)
     * @param adapter the resume body's adapter, or {@code null} with it
     * @param spills  the spill methods of its points ({@link SpillEmitter}), which need stack map frames like the bodies
     */
    public record Rewritten(MethodNode fresh, MethodNode resume, MethodNode adapter, List<MethodNode> spills) {
        public Rewritten {
            spills = List.copyOf(spills);
        }
    }

    /**
     * How a rewritten method's bridge checks that a rewritten frame called it (the armed-call protocol,
     * {@code Suspension.enter}): {@link #DIRECT} for a method called by name, or the keys of the
     * interface calls that reach a lambda body or method-reference adapter through its hidden class.
     *
     * @param forwarded    whether the method is a lambda body or method-reference adapter
     * @param interfaceKey {@code "*" + name + descriptor} of the functional interface method it implements, or {@code null}
     * @param bridgeKey    the same for a bridge of that method the hidden class also implements, or {@code null}
     */
    public record Entry(boolean forwarded, String interfaceKey, String bridgeKey) {
        public static final Entry DIRECT = new Entry(false, null, null);
    }

    public static Rewritten apply(ClassNode owner, MethodNode method, FrameAnalysis flow, LivenessAnalysis liveness,
                                  List<SuspensionPoint> points, String adapterName) {
        return apply(owner, method, flow, liveness, points, adapterName, Entry.DIRECT);
    }

    public static Rewritten apply(ClassNode owner, MethodNode method, FrameAnalysis flow, LivenessAnalysis liveness,
                                  List<SuspensionPoint> points, String adapterName, Entry entry) {
        // 1. Decide everything while the analysed indices still hold.
        MethodPlan plan = MethodPlanner.plan(owner, method, flow, liveness, points);
        // 2. Make room for the three extra parameters.
        shiftLocals(method, plan.paramSlots());
        // 3. Each point: rewritten in place; its spill and resume code out of line, after the original code.
        InsnList tail = new InsnList();
        LabelNode[] resumeLabels = new LabelNode[plan.points().size()];
        List<TryCatchBlockNode> addedHandlers = new ArrayList<>();
        List<MethodNode> spills = new ArrayList<>();
        List<AbstractInsnNode[]> resumeOnly = new ArrayList<>(); // what the fresh body leaves out: dispatch, resume blocks
        for (MethodPlan.PointPlan point : plan.points()) {
            LabelNode cont = new LabelNode();
            LabelNode spill = new LabelNode();
            // the spill and resume code of this point is on its line, and no breakpoint stops in it (DebugLines);
            // what comes before never falls through (the method's last instruction, or the previous block's goto or return)
            if (point.line() > 0) {
                tail.add(DebugLines.unreachableLineAfterJump(point.line(), false));
            }
            tail.add(SiteEmitter.rewrite(plan, point, method, cont, spill));
            if (!plan.keepsFrame()) {
                // the callee's frame takes this method's place: its result is this method's result
                tail.add(Insns.returnZero(plan.returnType()));
                continue;
            }
            SpillEmitter.Spill spilled = SpillEmitter.spill(plan, point, spill, adapterName);
            tail.add(spilled.inBody());
            if (spilled.method() != null) {
                spills.add(spilled.method());
            }
            LabelNode resume = new LabelNode();
            resumeLabels[point.state() - 1] = resume;
            InsnList resumeBlock = ResumeEmitter.resume(plan, point, resume, cont, addedHandlers);
            resumeOnly.add(new AbstractInsnNode[] {resumeBlock.getFirst(), resumeBlock.getLast()});
            tail.add(resumeBlock);
        }
        // 4. The dispatch before the original code, the out-of-line code after it, the disarm at its handlers.
        InsnList code = method.instructions;
        InsnList dispatch = DispatchEmitter.dispatch(plan, resumeLabels);
        if (dispatch.size() > 0) {
            resumeOnly.add(new AbstractInsnNode[] {dispatch.getFirst(), dispatch.getLast()});
        }
        code.insert(dispatch);
        code.add(tail);
        DispatchEmitter.disarmAtHandlers(plan, method);
        // 5. The resume body, the fresh body, the resume adapter, and the original method made the bridge.
        MethodNode body = new MethodNode(AsmApi.LEVEL,
                (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT)) | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC,
                method.name, plan.bodyDescriptor(), null, method.exceptions.toArray(new String[0]));
        body.instructions = code;
        body.tryCatchBlocks = new ArrayList<>(method.tryCatchBlocks);
        body.tryCatchBlocks.addAll(addedHandlers);
        body.localVariables = method.localVariables;
        body.maxLocals = plan.maxLocals();
        body.maxStack = method.maxStack + 8;
        if (!plan.keepsFrame()) {
            // never resumed: the body is the fresh body, and nothing else is needed
            body.desc = plan.freshDescriptor();
            BridgePass.apply(owner, method, plan.freshDescriptor(), plan.paramSlots(), entry);
            return new Rewritten(body, null, null, spills);
        }
        MethodNode fresh = FreshBody.of(body, plan, resumeOnly, addedHandlers, body.localVariables);
        body.localVariables = LocalRanges.trim(body, resumeLabels, plan.isStatic());
        MethodNode adapter = ResumeAdapterEmitter.adapter(owner, method, adapterName, plan.bodyDescriptor(), firstLine(code));
        BridgePass.apply(owner, method, plan.freshDescriptor(), plan.paramSlots(), entry);
        return new Rewritten(fresh, body, adapter, spills);
    }

    private static int firstLine(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    /** Moves every local at or after {@code paramSlots} up by three, to make room for the context, the frame and the value handed in. */
    private static void shiftLocals(MethodNode method, int paramSlots) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode var) {
                var.var = MethodPlanner.bodySlot(var.var, paramSlots);
            } else if (insn instanceof IincInsnNode iinc) {
                iinc.var = MethodPlanner.bodySlot(iinc.var, paramSlots);
            }
        }
        if (method.localVariables != null) {
            List<LocalVariableNode> shifted = new ArrayList<>();
            for (LocalVariableNode v : method.localVariables) {
                shifted.add(new LocalVariableNode(v.name, v.desc, v.signature, v.start, v.end, MethodPlanner.bodySlot(v.index, paramSlots)));
            }
            method.localVariables = shifted;
        }
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
    }
}
