package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
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
                method.instructions.insertBefore(call, armCall(contextSlot, call));
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
     * {@code Suspension.arm(ctx, key)}, right before the call (its arguments are on the stack): the key
     * the callee's bridge expects, {@code name + descriptor}, or {@code "*" + name + descriptor} for a
     * call through an interface (a lambda, a method reference or any implementation may answer it).
     * {@link DirectCallPass} removes it again where it calls a body directly.
     */
    static InsnList armCall(int contextSlot, MethodInsnNode call) {
        InsnList arm = new InsnList();
        arm.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        arm.add(new LdcInsnNode(BytecodeContract.key(callKey(call))));
        arm.add(Insns.invokeSuspension(BytecodeContract.ARM, BytecodeContract.ARM_DESCRIPTOR));
        return arm;
    }

    /** The key armed for a call: see {@link #armCall}. */
    static String callKey(MethodInsnNode call) {
        String key = call.name + call.desc;
        return call.getOpcode() == Opcodes.INVOKEINTERFACE ? BytecodeContract.INTERFACE_KEY_PREFIX + key : key;
    }
}
