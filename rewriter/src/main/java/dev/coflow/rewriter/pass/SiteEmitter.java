package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites the instructions of a suspension point where they stand, so that the straight path stays as
 * short as javac wrote it and every suspending path leaves it by one jump to the point's out-of-line code.
 *
 * <pre>
 * x = Coroutines.yield(v)   ==&gt;  ctx = Suspension.yield(v, ctx); goto spill; cont:
 * y = callee(b)             ==&gt;  Suspension.arm(ctx, key); y = callee(b); if (Suspension.called(ctx)) goto popThenSpill; cont:
 * y = r.m(b)                ==&gt;  Suspension.arm(ctx, key); y = r.m(b); ...  (a mark: DirectCallPass links it to r's entry)
 * (entry point, test hook)  ==&gt;  t = EntryPoints.begin(ctx); if (t != null) { ctx = t; goto spill; } cont:
 * </pre>
 *
 * <p><b>Requires:</b> the method's locals shifted to body slots. <b>Establishes:</b> the point's {@code cont}
 * label right after it, where its resume block comes back to; the returned instructions, which begin the
 * point's out-of-line code (for a call, the pop of the result a suspended callee returned).
 */
final class SiteEmitter {
    private SiteEmitter() {
    }

    /** Rewrites {@code point} in {@code method}; returns what its out-of-line code begins with (it falls through to the spill). */
    static InsnList rewrite(MethodPlan plan, MethodPlan.PointPlan point, MethodNode method, LabelNode cont, LabelNode spill) {
        MethodInsnNode call = point.point().call();
        InsnList inline = new InsnList();
        InsnList outOfLine = new InsnList();
        int contextSlot = plan.contextSlot();
        switch (point.kind()) {
            case YIELD -> {
                if (call.desc.equals(BytecodeContract.YIELD_NOTHING_DESCRIPTOR)) {
                    inline.add(new InsnNode(Opcodes.ACONST_NULL));
                }
                inline.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                inline.add(Insns.invokeSuspension(BytecodeContract.SUSPEND_YIELD, BytecodeContract.SUSPEND_YIELD_DESCRIPTOR));
                inline.add(new VarInsnNode(Opcodes.ASTORE, contextSlot));
                inline.add(new JumpInsnNode(Opcodes.GOTO, spill));
                inline.add(cont);
                method.instructions.insert(call, inline);
                method.instructions.remove(call);
            }
            case ENTRY_POINT -> {
                // test hook (entryPoints): ctx = EntryPoints.begin(ctx), spilled as a yield when it returned a context
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
                method.instructions.insert(call, inline);
                method.instructions.remove(call);
            }
            case CALL -> {
                LabelNode popThenSpill = new LabelNode();
                // the callee's bridge takes this key (Suspension.enter): it was called by a rewritten frame
                method.instructions.insertBefore(call, armCall(plan, point.point()));
                inline.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
                inline.add(Insns.invokeSuspension(BytecodeContract.CALLED, BytecodeContract.CALLED_DESCRIPTOR));
                inline.add(new JumpInsnNode(Opcodes.IFNE, popThenSpill));
                inline.add(cont);
                method.instructions.insert(call, inline);
                // a suspended callee returned zero or null: not a value of this method's
                outOfLine.add(popThenSpill);
                if (point.resultType().getSize() == 2) {
                    outOfLine.add(new InsnNode(Opcodes.POP2));
                } else if (point.resultType().getSize() == 1) {
                    outOfLine.add(new InsnNode(Opcodes.POP));
                }
            }
        }
        return outOfLine;
    }

    /**
     * Arms the call, right before it (its receiver and arguments are on the stack): the key the callee's bridge
     * expects, {@code name + descriptor}, or {@code "*" + name + descriptor} for a call through an interface (a
     * lambda, a method reference or any implementation may answer it). A static call arms the key alone
     * ({@code Suspension.arm(ctx, key)}), an {@code invokespecial} ({@code super.m()}) arms it for the class it names
     * ({@code Suspension.armSpecial(C.class, ctx, key)}), so that the key reaches only the bridge of the method the call
     * selects: a method the agent did not rewrite which calls a method of the same name with {@code super} cannot pass
     * it on (design.md, "Exactness: armed calls"). A virtual or interface call gets {@code Suspension.arm(ctx, key)}
     * too, as a mark only: {@link DirectCallPass} turns every such call into a call of the virtual entry of its
     * receiver's class, which the runtime arms for the receiver's class where it has to ({@code Bootstrap.virtualCall}).
     * {@link DirectCallPass} removes the arm again where it calls a body or an entry ({@link #armStart}).
     *
     * <pre>
     * C.s(a)     ==&gt;  a; aload ctx; ldc2_w key("C.s(I)V"); invokestatic Suspension.arm; invokestatic C.s(I)V
     * super.m()  ==&gt;  aload 0; ldc B.class; aload ctx; ldc2_w key("m()V"); invokestatic Suspension.armSpecial; invokespecial B.m()V
     * r.m(a, b)  ==&gt;  r, a, b; aload ctx; ldc2_w key("m(II)V"); invokestatic Suspension.arm; invokevirtual m   (a mark)
     * </pre>
     */
    static InsnList armCall(MethodPlan plan, SuspensionPoint point) {
        MethodInsnNode call = point.call();
        InsnList arm = new InsnList();
        boolean special = call.getOpcode() == Opcodes.INVOKESPECIAL;
        if (special) {
            // the look-up starts at the class the instruction names, whatever the receiver's class
            arm.add(new LdcInsnNode(Type.getObjectType(call.owner)));
        }
        arm.add(new VarInsnNode(Opcodes.ALOAD, plan.contextSlot()));
        arm.add(new LdcInsnNode(BytecodeContract.key(callKey(point))));
        arm.add(special ? Insns.invokeSuspension(BytecodeContract.ARM_SPECIAL, BytecodeContract.ARM_SPECIAL_DESCRIPTOR)
                : Insns.invokeSuspension(BytecodeContract.ARM, BytecodeContract.ARM_DESCRIPTOR));
        return arm;
    }

    /**
     * As {@link #armStart(MethodInsnNode)}, for any call of a body: {@code null} when no arm stands right before the call
     * (it is not a suspension point).
     */
    static AbstractInsnNode armStartIfArmed(MethodInsnNode call) {
        boolean arm = call.getPrevious() instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.SUSPENSION)
                && (m.name.equals(BytecodeContract.ARM) || m.name.equals(BytecodeContract.ARM_SPECIAL));
        if (!arm) {
            return null;
        }
        return armStart(call);
    }

    /**
     * The first instruction of the sequence {@link #armCall} put before {@code call}, or {@code null} when the call
     * is not armed (a quiet call: no suspension point). Throws when something else stands between the arm and the
     * call: removing the arm then would remove what it does not know.
     */
    static AbstractInsnNode armStart(MethodInsnNode call) {
        boolean special = call.getOpcode() == Opcodes.INVOKESPECIAL;
        String arm = special ? BytecodeContract.ARM_SPECIAL : BytecodeContract.ARM;
        AbstractInsnNode insn = call.getPrevious();
        if (!(insn instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.SUSPENSION) && m.name.equals(arm))) {
            return null;
        }
        insn = expect(insn.getPrevious(), Opcodes.LDC, call);
        insn = expect(insn, Opcodes.ALOAD, call);
        if (special) {
            return expect(insn, Opcodes.LDC, call).getNext(); // the class the instruction names
        }
        return insn.getNext();
    }

    /** Checks that {@code insn} has {@code opcode}; returns the instruction before it. */
    private static AbstractInsnNode expect(AbstractInsnNode insn, int opcode, MethodInsnNode call) {
        if (insn == null || insn.getOpcode() != opcode) {
            throw new IllegalStateException("not the arm of " + call.owner + "." + call.name + call.desc + ": opcode "
                    + (insn == null ? "none" : insn.getOpcode()) + " where " + opcode + " was expected");
        }
        return insn.getPrevious();
    }

    /**
     * The key armed for a call: see {@link #armCall}. A static call's names the class that declares the method
     * ({@link BytecodeContract#staticCall}), as its bridge's does.
     */
    static String callKey(SuspensionPoint point) {
        MethodInsnNode call = point.call();
        String key = call.name + call.desc;
        return switch (call.getOpcode()) {
            case Opcodes.INVOKEINTERFACE -> BytecodeContract.INTERFACE_KEY_PREFIX + key;
            case Opcodes.INVOKESTATIC -> BytecodeContract.staticCall(point.keyOwner(), key);
            default -> key;
        };
    }
}
