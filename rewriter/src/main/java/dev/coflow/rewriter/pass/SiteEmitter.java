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
 * y = r.m(b)                ==&gt;  Suspension.armVirtual(r, ctx, key); y = r.m(b); ... (the receiver copied from under b)
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
     * ({@code Suspension.arm(ctx, key)}); a virtual or interface call arms it for its receiver's class
     * ({@code Suspension.armVirtual(receiver, ctx, key)}), an {@code invokespecial} ({@code super.m()}) for the class it
     * names ({@code Suspension.armSpecial(C.class, ctx, key)}), so that the key reaches only the bridge of the method
     * the call selects: a method the agent did not rewrite which calls a method of the same name, on another object
     * or with {@code super}, cannot pass it on (design.md, "Exactness: armed calls"). The receiver is copied from under the arguments: with {@code dup}
     * for none, {@code dup2; pop} for one of one slot, {@code dup2_x1; pop2; dup_x2} for a {@code long} or
     * {@code double}; more arguments are set aside in temporaries from {@link MethodPlan#firstTemp} and put back.
     * {@link DirectCallPass} removes the whole sequence again where it calls a body directly ({@link #armStart}).
     *
     * <pre>
     * r.m(a, b)  ==&gt;  r, a, b; astore t1; astore t0; dup; aload ctx; ldc2_w key; invokestatic armVirtual; aload t0; aload t1; invokevirtual m
     * </pre>
     */
    static InsnList armCall(MethodPlan plan, SuspensionPoint point) {
        MethodInsnNode call = point.call();
        InsnList arm = new InsnList();
        InsnList putBack = new InsnList();
        int opcode = call.getOpcode();
        if (opcode == Opcodes.INVOKESPECIAL) {
            // the look-up starts at the class the instruction names, whatever the receiver's class
            arm.add(new LdcInsnNode(Type.getObjectType(call.owner)));
        } else if (opcode != Opcodes.INVOKESTATIC) {
            Type[] arguments = Type.getArgumentTypes(call.desc);
            if (arguments.length == 0) {
                arm.add(new InsnNode(Opcodes.DUP));
            } else if (arguments.length == 1 && arguments[0].getSize() == 1) {
                arm.add(new InsnNode(Opcodes.DUP2));
                arm.add(new InsnNode(Opcodes.POP));
            } else if (arguments.length == 1) {
                arm.add(new InsnNode(Opcodes.DUP2_X1));
                arm.add(new InsnNode(Opcodes.POP2));
                arm.add(new InsnNode(Opcodes.DUP_X2));
            } else {
                int[] slots = new int[arguments.length];
                int slot = plan.firstTemp();
                for (int i = 0; i < arguments.length; i++) {
                    slots[i] = slot;
                    slot += arguments[i].getSize();
                }
                for (int i = arguments.length - 1; i >= 0; i--) {
                    arm.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]));
                }
                arm.add(new InsnNode(Opcodes.DUP));
                for (int i = 0; i < arguments.length; i++) {
                    putBack.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]));
                }
            }
        }
        arm.add(new VarInsnNode(Opcodes.ALOAD, plan.contextSlot()));
        arm.add(new LdcInsnNode(BytecodeContract.key(callKey(point))));
        if (opcode == Opcodes.INVOKESTATIC) {
            arm.add(Insns.invokeSuspension(BytecodeContract.ARM, BytecodeContract.ARM_DESCRIPTOR));
        } else if (opcode == Opcodes.INVOKESPECIAL) {
            arm.add(Insns.invokeSuspension(BytecodeContract.ARM_SPECIAL, BytecodeContract.ARM_SPECIAL_DESCRIPTOR));
        } else {
            arm.add(Insns.invokeSuspension(BytecodeContract.ARM_VIRTUAL, BytecodeContract.ARM_RECEIVER_DESCRIPTOR));
        }
        arm.add(putBack);
        return arm;
    }

    /** The slots {@link #armCall} sets the arguments of {@code call} aside in: none for a static call or one argument. */
    static int armTemps(MethodInsnNode call) {
        Type[] arguments = Type.getArgumentTypes(call.desc);
        if (call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL || arguments.length < 2) {
            return 0;
        }
        int slots = 0;
        for (Type t : arguments) {
            slots += t.getSize();
        }
        return slots;
    }

    /**
     * As {@link #armStart(MethodInsnNode)}, for any call of a body: {@code null}, not a throw, when what stands before a
     * call that is not a suspension point merely looks like the start of an arm (the loads of its arguments).
     */
    static AbstractInsnNode armStartIfArmed(MethodInsnNode call) {
        AbstractInsnNode previous = call.getPrevious();
        int setAside = call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE
                ? Type.getArgumentTypes(call.desc).length : 0;
        for (int i = 0; i < (setAside >= 2 ? setAside : 0); i++) {
            if (!(previous instanceof VarInsnNode)) {
                return null;
            }
            previous = previous.getPrevious();
        }
        boolean arm = previous instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.SUSPENSION)
                && (m.name.equals(BytecodeContract.ARM) || m.name.equals(BytecodeContract.ARM_VIRTUAL) || m.name.equals(BytecodeContract.ARM_SPECIAL));
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
        int opcode = call.getOpcode();
        Type[] arguments = Type.getArgumentTypes(call.desc);
        boolean special = opcode == Opcodes.INVOKESPECIAL;
        boolean setAside = opcode != Opcodes.INVOKESTATIC && !special && arguments.length >= 2;
        AbstractInsnNode insn = call.getPrevious();
        if (setAside) {
            for (int i = arguments.length - 1; i >= 0; i--) {
                insn = expect(insn, arguments[i].getOpcode(Opcodes.ILOAD), call); // the loads that put the arguments back
            }
        }
        String arm = opcode == Opcodes.INVOKESTATIC ? BytecodeContract.ARM : special ? BytecodeContract.ARM_SPECIAL : BytecodeContract.ARM_VIRTUAL;
        if (!(insn instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.SUSPENSION) && m.name.equals(arm))) {
            if (setAside) {
                throw new IllegalStateException("loads before " + call.name + call.desc + " but no arm");
            }
            return null;
        }
        insn = expect(insn.getPrevious(), Opcodes.LDC, call);
        insn = expect(insn, Opcodes.ALOAD, call);
        if (opcode == Opcodes.INVOKESTATIC) {
            return insn.getNext();
        }
        if (special) {
            return expect(insn, Opcodes.LDC, call).getNext(); // the class the instruction names
        }
        int[] copy = arguments.length == 0 || setAside ? new int[] {Opcodes.DUP}
                : arguments[0].getSize() == 1 ? new int[] {Opcodes.DUP2, Opcodes.POP}
                : new int[] {Opcodes.DUP2_X1, Opcodes.POP2, Opcodes.DUP_X2};
        for (int i = copy.length - 1; i >= 0; i--) {
            insn = expect(insn, copy[i], call);
        }
        if (setAside) {
            for (int i = 0; i < arguments.length; i++) {
                insn = expect(insn, arguments[i].getOpcode(Opcodes.ISTORE), call);
            }
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
