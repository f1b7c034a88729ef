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
 * Turns a coroutine method into three methods: the <b>body</b>, a private synthetic overload with three
 * extra parameters ({@code Context}, {@code Frame}, and the {@code Object} handed in on a resume) that
 * holds the original code plus the state machine; the <b>bridge</b>, the original method, which now
 * only calls the body with three nulls (so signatures, overriding, reflection and lambdas are
 * untouched); and the <b>resume adapter</b>, a static method the runtime calls to continue a
 * suspended frame.
 *
 * <p><b>Requires:</b> no uninitialised object live across a suspension point (NewHoistingPass), no
 * monitor held at one, frames and liveness computed on the current instructions. <b>Establishes:</b>
 * a method that verifies with frames computed from the class hierarchy.
 *
 * <pre>
 * R m(A a)                      ==&gt;  R m(A a) { return m(a, null, null, null); }              // bridge
 *
 * private synthetic R m(A a, Context ctx, Frame f, Object in) {                             // body
 *     if (f != null) switch (f.method.state) { case 1: goto resume1; ... default: throw badState(f); }
 *     ...                                                                                  // original code, where
 *     x = Coroutines.yield(v);   ==&gt;  ctx = Suspension.yield(v, ctx); goto spill1; cont1: x = (result);
 *     y = callee(b);             ==&gt;  y = callee(b); if ((ctx ?: current()).suspending) goto spill2; cont2:
 *     ...
 *   spill1: stack values below the call and live locals -&gt; f = frame(ctx, f, shape, this); stopAt(f, point1);
 *           f.rK = x only if changed, unused reference fields cleared; push(ctx, f, calleeName, calleeDescriptor);
 *           return 0/null;
 *   resume1: live locals and stack values &lt;- f; result = ctx.takeX(in); goto cont1;        // takeX is covered
 * }                                                                                        // by the call's handlers
 * static synthetic void coflow$resume$N(Frame f, Context ctx, Object in) { ctx.valueX = ((C) f.r0).m(0, ctx, f, in); }
 * </pre>
 */
public final class StateMachinePass {
    private StateMachinePass() {
    }

    /** The new methods made for one coroutine method (the bridge replaces the original's code in place). */
    public record Rewritten(MethodNode body, MethodNode adapter) {
    }

    /** One value saved at a suspension point: where it lives now, its type, and its index in the frame's arrays. */
    private record Saved(int slot, Type type, boolean isNull, boolean isRef, int index) {
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
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        Type[] argumentTypes = Type.getArgumentTypes(method.desc);
        Type returnType = Type.getReturnType(method.desc);
        int paramSlots = isStatic ? 0 : 1;
        for (Type t : argumentTypes) {
            paramSlots += t.getSize();
        }
        int contextSlot = paramSlots;
        int frameSlot = paramSlots + 1;
        int inSlot = paramSlots + 2;
        String bodyDescriptor = method.desc.replace(")", BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")");

        // 1. Everything that needs the analysed indices, before any instruction moves.
        List<List<TryCatchBlockNode>> covering = new ArrayList<>();
        List<List<Saved>> savedLocals = new ArrayList<>();
        List<List<Saved>> savedStack = new ArrayList<>();
        int[] refCounts = new int[points.size()];
        int[] primCounts = new int[points.size()];
        int nextTemp = method.maxLocals + BytecodeContract.BODY_EXTRA_SLOTS;
        int maxTemp = nextTemp;
        for (SuspensionPoint point : points) {
            Frame<BasicValue> frame = flow.frames()[point.index()];
            covering.add(coveringHandlers(method, point.index()));
            BitSet live = liveness.liveAcross(point.index(), flow);
            int refs = 0;
            int prims = 0;
            List<Saved> locals = new ArrayList<>();
            for (int slot = 0; slot < frame.getLocals(); slot++) {
                BasicValue value = frame.getLocal(slot);
                Type type = value.getType();
                if (type == null || !live.get(slot) || (slot == 0 && !isStatic) || slot >= method.maxLocals) {
                    continue;
                }
                boolean isNull = isNull(type);
                boolean isRef = isReference(type);
                int index = isNull ? -1 : isRef ? refs++ : prims++;
                locals.add(new Saved(shift(slot, paramSlots), type, isNull, isRef, index));
            }
            int argumentValues = argumentValueCount(point);
            List<Saved> stack = new ArrayList<>();
            int temp = nextTemp;
            for (int i = 0; i < frame.getStackSize() - argumentValues; i++) {
                Type type = frame.getStack(i).getType();
                boolean isNull = isNull(type);
                boolean isRef = isReference(type);
                int index = isNull ? -1 : isRef ? refs++ : prims++;
                stack.add(new Saved(temp, type, isNull, isRef, index));
                temp += type.getSize();
            }
            maxTemp = Math.max(maxTemp, temp);
            savedLocals.add(locals);
            savedStack.add(stack);
            refCounts[point.state() - 1] = refs;
            primCounts[point.state() - 1] = prims;
        }

        // A lambda body that only forwards to one coroutine call and returns its result keeps no frame.
        boolean forwarder = isPureForwarder(method, points);

        // 2. Make room for the three extra parameters.
        shiftLocals(method, paramSlots);

        Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP, BytecodeContract.RESUME_POINT_BOOTSTRAP,
                BytecodeContract.RESUME_POINT_BOOTSTRAP_DESCRIPTOR, false);
        Handle adapterHandle = new Handle(Opcodes.H_INVOKESTATIC, owner.name, adapterName, BytecodeContract.RESUME_ADAPTER_DESCRIPTOR, isInterface);
        String sourceFile = owner.sourceFile == null ? "" : owner.sourceFile;

        // The frame shape: one per method, big enough for every suspension point (see Frames).
        int selfRefs = isStatic ? 0 : 1;
        int maxRefs = 0;
        int maxPrims = 0;
        for (int i = 0; i < points.size(); i++) {
            maxRefs = Math.max(maxRefs, refCounts[i]);
            maxPrims = Math.max(maxPrims, primCounts[i]);
        }
        FrameShape shape = FrameShape.of(selfRefs, maxRefs, maxPrims);

        // 3. Rewrite each suspension point in place and build its out-of-line spill and resume code.
        InsnList tail = new InsnList();
        LabelNode[] resumeLabels = new LabelNode[points.size()];
        List<TryCatchBlockNode> addedHandlers = new ArrayList<>();
        InsnList code = method.instructions;
        for (SuspensionPoint point : points) {
            int s = point.state();
            MethodInsnNode call = point.call();
            LabelNode cont = new LabelNode();
            LabelNode spill = new LabelNode();
            Type resultType;
            InsnList inline = new InsnList();
            // the spill and resume code of this point is on its line, and no breakpoint stops in it (DebugLines);
            // what comes before never falls through (the method's last instruction, or the previous block's goto or return)
            if (point.line() > 0) {
                tail.add(DebugLines.unreachableLineAfterJump(point.line(), false));
            }
            if (point.kind() == SuspensionPoint.Kind.YIELD) {
                resultType = Type.getType(Object.class);
                if (call.desc.equals(BytecodeContract.YIELD_NOTHING_DESCRIPTOR)) {
                    inline.add(new InsnNode(Opcodes.ACONST_NULL));
                }
                inline.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                inline.add(Insns.invokeSuspension(BytecodeContract.SUSPEND_YIELD, BytecodeContract.SUSPEND_YIELD_DESCRIPTOR));
                inline.add(new VarInsnNode(Opcodes.ASTORE, contextSlot));
                inline.add(new JumpInsnNode(Opcodes.GOTO, spill));
                inline.add(cont);
                code.insert(call, inline);
                code.remove(call);
            } else if (point.kind() == SuspensionPoint.Kind.ENTRY_POINT) {
                // test hook (entryPoints): ctx = EntryPoints.begin(ctx), spilled as a yield when it returned a context
                resultType = Type.VOID_TYPE;
                LabelNode skip = new LabelNode();
                inline.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                inline.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ENTRY_POINTS, BytecodeContract.ENTRY_POINT_BEGIN,
                        BytecodeContract.ENTRY_POINT_BEGIN_DESCRIPTOR, false));
                inline.add(new InsnNode(Opcodes.DUP));
                inline.add(new JumpInsnNode(Opcodes.IFNULL, skip));
                inline.add(new VarInsnNode(Opcodes.ASTORE, contextSlot));
                inline.add(new JumpInsnNode(Opcodes.GOTO, spill));
                inline.add(skip);
                inline.add(new InsnNode(Opcodes.POP));
                inline.add(cont);
                code.insert(call, inline);
                code.remove(call);
            } else {
                resultType = Type.getReturnType(call.desc);
                LabelNode popThenSpill = new LabelNode();
                // the callee's bridge takes this key (Suspension.enter): it was called by a rewritten frame
                code.insertBefore(call, armCall(contextSlot, call));
                inline.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                inline.add(Insns.invokeSuspension(BytecodeContract.CALLED, BytecodeContract.CALLED_DESCRIPTOR));
                inline.add(new JumpInsnNode(Opcodes.IFNE, popThenSpill));
                inline.add(cont);
                code.insert(call, inline);
                tail.add(popThenSpill);
                if (resultType.getSize() == 2) {
                    tail.add(new InsnNode(Opcodes.POP2));
                } else if (resultType.getSize() == 1) {
                    tail.add(new InsnNode(Opcodes.POP));
                }
                if (forwarder) {
                    // the callee's frame takes this method's place: its result is this method's result
                    tail.add(Insns.returnZero(returnType));
                    continue;
                }
            }
            List<Saved> locals = savedLocals.get(s - 1);
            List<Saved> stack = savedStack.get(s - 1);

            // spill: stack values into temporaries (top first), then everything into the frame
            tail.add(spill);
            for (int i = stack.size() - 1; i >= 0; i--) {
                Saved v = stack.get(i);
                tail.add(v.isNull() ? new InsnNode(Opcodes.POP) : Insns.store(v.type(), v.slot()));
            }
            tail.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
            tail.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            tail.add(shape.obtain(isStatic));
            tail.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
            tail.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            Object[] bootstrapArguments = {adapterHandle, owner.name, method.name, method.desc, sourceFile, s, point.line()};
            tail.add(new InvokeDynamicInsnNode("resumePoint", BytecodeContract.RESUME_POINT_INDY_DESCRIPTOR, bootstrap, bootstrapArguments));
            tail.add(Insns.invokeSuspension(BytecodeContract.STOP_AT, BytecodeContract.STOP_AT_DESCRIPTOR));
            List<Saved> all = new ArrayList<>(locals);
            all.addAll(stack);
            for (Saved v : all) {
                if (v.isNull()) {
                    continue;
                }
                if (v.isRef()) {
                    tail.add(shape.storeRefIfChanged(frameSlot, v.index(), v.slot()));
                } else {
                    InsnList value = new InsnList();
                    value.add(Insns.load(v.type(), v.slot()));
                    value.add(Insns.widenToBits(v.type()));
                    tail.add(shape.storePrim(frameSlot, v.index(), value));
                }
            }
            // references a previous suspension point of this method saved in fields this one does not use
            tail.add(shape.clearRefsFrom(frameSlot, refCounts[s - 1]));
            tail.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
            tail.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            boolean isYield = point.kind() != SuspensionPoint.Kind.CALL; // an entry point begins its suspension like a yield
            // through an interface, a lambda or method reference may implement the method under another name
            boolean anyCallee = call.getOpcode() == Opcodes.INVOKEINTERFACE;
            tail.add(Insns.pushString(isYield || anyCallee ? null : call.name));
            tail.add(Insns.pushString(isYield ? null : anyCallee ? BytecodeContract.ANY_CALLEE : call.desc));
            tail.add(Insns.invokeSuspension(BytecodeContract.PUSH, BytecodeContract.PUSH_DESCRIPTOR));
            tail.add(Insns.returnZero(returnType));

            // resume: locals and stack back from the frame, then the call's result (or its exception)
            LabelNode resume = new LabelNode();
            resumeLabels[s - 1] = resume;
            tail.add(resume);
            for (Saved v : locals) {
                tail.add(loadSaved(v, frameSlot, shape));
                tail.add(Insns.store(v.type(), v.slot()));
            }
            for (Saved v : stack) {
                tail.add(loadSaved(v, frameSlot, shape));
            }
            LabelNode take = new LabelNode();
            LabelNode taken = new LabelNode();
            tail.add(take);
            tail.add(Insns.takeResult(contextSlot, inSlot, resultType));
            tail.add(taken);
            tail.add(new JumpInsnNode(Opcodes.GOTO, cont));
            for (TryCatchBlockNode handler : covering.get(s - 1)) {
                addedHandlers.add(new TryCatchBlockNode(take, taken, handler.handler, handler.type));
            }
        }

        // 4. The resume dispatch, before any of the original code (a forwarder is never resumed).
        InsnList dispatch = new InsnList();
        if (!forwarder) {
        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        dispatch.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        dispatch.add(new JumpInsnNode(Opcodes.IFNULL, start));
        dispatch.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        dispatch.add(new FieldInsnNode(Opcodes.GETFIELD, BytecodeContract.FRAME, BytecodeContract.FRAME_POINT, BytecodeContract.RESUME_POINT_DESCRIPTOR));
        dispatch.add(new FieldInsnNode(Opcodes.GETFIELD, BytecodeContract.RESUME_POINT, BytecodeContract.RESUME_POINT_STATE, "I"));
        dispatch.add(new TableSwitchInsnNode(1, points.size(), bad, resumeLabels));
        dispatch.add(bad);
        dispatch.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        dispatch.add(Insns.invokeSuspension(BytecodeContract.BAD_STATE, BytecodeContract.BAD_STATE_DESCRIPTOR));
        dispatch.add(new InsnNode(Opcodes.ATHROW));
        dispatch.add(start);
        }
        code.insert(dispatch);
        code.add(tail);
        // a call at a suspension point that threw before its callee took the key leaves none behind
        boolean armsCalls = points.stream().anyMatch(p -> p.kind() == SuspensionPoint.Kind.CALL);
        if (armsCalls) {
            java.util.Set<LabelNode> handlers = new java.util.LinkedHashSet<>();
            for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
                handlers.add(tcb.handler);
            }
            for (LabelNode handler : handlers) {
                InsnList disarm = new InsnList();
                disarm.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                disarm.add(Insns.invokeSuspension(BytecodeContract.DISARM, BytecodeContract.DISARM_DESCRIPTOR));
                AbstractInsnNode at = handler;
                while (at.getNext() != null && (at.getNext() instanceof LineNumberNode || at.getNext() instanceof org.objectweb.asm.tree.FrameNode)) {
                    at = at.getNext();
                }
                code.insert(at, disarm);
            }
        }

        MethodNode body = new MethodNode(AsmApi.LEVEL,
                (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT)) | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC,
                method.name, bodyDescriptor, null, method.exceptions.toArray(new String[0]));
        body.instructions = code;
        body.tryCatchBlocks = new ArrayList<>(method.tryCatchBlocks);
        body.tryCatchBlocks.addAll(addedHandlers);
        body.localVariables = method.localVariables;
        body.maxLocals = Math.max(maxTemp, method.maxLocals + BytecodeContract.BODY_EXTRA_SLOTS);
        body.maxStack = method.maxStack + 8;

        body.localVariables = LocalRanges.trim(body, forwarder ? null : resumeLabels, isStatic);
        MethodNode adapter = ResumeAdapterEmitter.adapter(owner, method, adapterName, bodyDescriptor, firstLine(code));
        BridgePass.apply(owner, method, bodyDescriptor, paramSlots, entry);
        return new Rewritten(body, adapter);
    }

    private static int firstLine(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    /**
     * {@code Suspension.arm(ctx, key)}, right before the call (its arguments are on the stack): the key
     * the callee's bridge expects, {@code name + descriptor}, or {@code "*" + name + descriptor} for a
     * call through an interface (a lambda, a method reference or any implementation may answer it).
     * {@link DirectCallPass} removes it again where it calls a body directly.
     */
    static InsnList armCall(int contextSlot, MethodInsnNode call) {
        InsnList arm = new InsnList();
        arm.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        arm.add(new org.objectweb.asm.tree.LdcInsnNode(BytecodeContract.key(callKey(call))));
        arm.add(Insns.invokeSuspension(BytecodeContract.ARM, BytecodeContract.ARM_DESCRIPTOR));
        return arm;
    }

    /** The key armed for a call: see {@link #armCall}. */
    static String callKey(MethodInsnNode call) {
        String key = call.name + call.desc;
        return call.getOpcode() == Opcodes.INVOKEINTERFACE ? BytecodeContract.INTERFACE_KEY_PREFIX + key : key;
    }

    private static InsnList loadSaved(Saved v, int frameSlot, FrameShape shape) {
        InsnList out = new InsnList();
        if (v.isNull()) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return out;
        }
        if (v.isRef()) {
            out.add(shape.loadRef(frameSlot, v.index()));
            out.add(Insns.castTo(v.type()));
            // not cleared here: the next spill overwrites or clears it (see FrameShape.storeRefIfChanged)
        } else {
            out.add(shape.loadPrim(frameSlot, v.index()));
            out.add(Insns.narrowFromBits(v.type()));
        }
        return out;
    }

    /** Moves every local at or after {@code paramSlots} up by two, to make room for the context and frame. */
    private static void shiftLocals(MethodNode method, int paramSlots) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode var) {
                var.var = shift(var.var, paramSlots);
            } else if (insn instanceof IincInsnNode iinc) {
                iinc.var = shift(iinc.var, paramSlots);
            }
        }
        if (method.localVariables != null) {
            List<LocalVariableNode> shifted = new ArrayList<>();
            for (LocalVariableNode v : method.localVariables) {
                shifted.add(new LocalVariableNode(v.name, v.desc, v.signature, v.start, v.end, shift(v.index, paramSlots)));
            }
            method.localVariables = shifted;
        }
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
    }

    private static int shift(int slot, int paramSlots) {
        return slot >= paramSlots ? slot + BytecodeContract.BODY_EXTRA_SLOTS : slot;
    }

    private static List<TryCatchBlockNode> coveringHandlers(MethodNode method, int index) {
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
        if ((method.access & Opcodes.ACC_SYNTHETIC) == 0 || points.size() != 1
                || !(method.name.startsWith("lambda$") || method.name.startsWith(BytecodeContract.METHOD_REFERENCE_PREFIX))) {
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

    private static int argumentValueCount(SuspensionPoint point) {
        MethodInsnNode call = point.call();
        int count = Type.getArgumentTypes(call.desc).length;
        return call.getOpcode() == Opcodes.INVOKESTATIC ? count : count + 1;
    }

    private static boolean isNull(Type type) {
        return type.getSort() == Type.OBJECT && type.getInternalName().equals("null");
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }
}
