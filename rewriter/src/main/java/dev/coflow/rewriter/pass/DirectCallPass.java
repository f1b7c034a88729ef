package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Calls from a rewritten body to another rewritten method of the same class that cannot be
 * overridden (static, private, final, or in a final class) go straight to the callee's body with
 * the caller's context, skipping the bridge: one JVM frame per level instead of two (deeper chains
 * before a {@code StackOverflowError}, and stack traces without the bridge), and no
 * {@code ThreadLocal} look-up in the callee. The {@code Suspension.arm} before such a call goes
 * too: the callee's bridge, which would take the key, is not called.
 *
 * <p>Every other {@code invokevirtual} or {@code invokeinterface} at a suspension point (another class's method, or
 * one that can be overridden) becomes an {@code invokedynamic} of the receiver's class's virtual entry
 * ({@link VirtualEntryPass}), passing the context the same way: its mark of an arm goes, and
 * {@code Bootstrap.virtualCall} links it to the entry, or to the armed call of the method itself where there is no
 * entry (for an interface call: per receiver's class, up to four, then always armed). Two calls on {@code this} need no
 * call site: of a method of this class that has an entry, the entry itself ({@link #toOwnEntry}); of a method this class
 * declares without one, the armed call of the method itself ({@link #armedOnThis}).
 *
 * <p>Every {@code invokestatic} at a suspension point of another class's or interface's method becomes an
 * {@code invokedynamic} of {@code Bootstrap.staticCall}, which links the static entry of the class declaring the method,
 * or the armed call of the method with that class initialised before the arm. No static call of another class is armed
 * in the code: the JVM initialises the callee's class at the call, after an arm before it, and a static initialiser that
 * calls the same method would take the key (design.md, "Exactness: armed calls", class initialisation).
 *
 * <p><b>Requires:</b> every body of the class made by {@link StateMachinePass}; {@code rewritten}
 * maps {@code name + descriptor} of each rewritten method to its original access flags.
 * <b>Establishes:</b> the same behaviour; only the call path changes.
 *
 * <pre>
 * before:  iload n; aload ctx; ldc2_w key("down(I)V"); invokestatic Suspension.arm; invokestatic C.down(I)V   // the bridge
 * after:   iload n; aload ctx; invokestatic C.down(ILContext;)V                                          // the fresh body
 * before:  aload r; aload s; aload ctx; ldc2_w key("m(LS;)V"); invokestatic Suspension.arm; invokevirtual D.m(LS;)V   // a mark
 * after:   aload r; aload s; aload ctx; invokedynamic m(LD;LS;LContext;)V [Bootstrap.virtualCall]     // D's coflow$call$m
 * before:  aload r; aload ctx; ldc2_w key("*m()V"); invokestatic Suspension.arm; invokeinterface I.m()V
 * after:   aload r; aload ctx; invokedynamic m(LI;LContext;)V [Bootstrap.virtualCall]     // the receiver's class's entry, or I.m armed
 * before:  aload 0; aload s; aload ctx; ldc2_w key("p(LS;)V"); invokestatic Suspension.arm; invokevirtual C.p(LS;)V   // C.p not rewritten
 * after:   aload 0; aload s; aload 0; aload ctx; ldc2_w key("p(LS;)V"); invokestatic Suspension.armVirtual; invokevirtual C.p(LS;)V
 * </pre>
 */
public final class DirectCallPass {
    private DirectCallPass() {
    }

    /** {@code withEntry} holds {@code name + descriptor} of each method the class gives a virtual entry. */
    public static void apply(ClassNode owner, MethodNode body, int contextSlot, Map<String, Integer> rewritten, Set<String> withEntry) {
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        boolean finalClass = (owner.access & Opcodes.ACC_FINAL) != 0;
        InsnList code = body.instructions;
        Receivers receivers = null;
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call)) {
                continue;
            }
            Integer access = call.owner.equals(owner.name) ? rewritten.get(call.name + call.desc) : null;
            if (access == null) {
                if (dispatches(call.getOpcode()) && !call.owner.startsWith("[") && SiteEmitter.armStartIfArmed(call) != null) {
                    long key = armedKey(call);
                    if (removeArm(code, call)) {
                        if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && declaresWithoutEntry(owner, call, withEntry)
                                && (receivers == null ? receivers = new Receivers(body) : receivers).isThis(call)) {
                            insn = armedOnThis(code, call, contextSlot, key); // on this, no entry: the armed call itself
                        } else {
                            insn = toVirtualEntry(code, call, contextSlot);
                        }
                    }
                } else if (call.getOpcode() == Opcodes.INVOKESTATIC && SiteEmitter.armStartIfArmed(call) != null) {
                    // an interface's static method too, and from an interface: never armed in the code, since the JVM
                    // initialises the callee's class between an arm and the call (Bootstrap.staticCall)
                    long key = armedKey(call);
                    if (removeArm(code, call)) {
                        insn = toStaticEntry(code, call, contextSlot, key);
                    }
                }
                continue;
            }
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            boolean exact = (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0 || (finalClass && !isInterface);
            int opcode = call.getOpcode();
            if (!isStatic && dispatches(opcode) && !exact) {
                if (removeArm(code, call)) {
                    if (withEntry.contains(call.name + call.desc) && opcode == Opcodes.INVOKEVIRTUAL
                            && (receivers == null ? receivers = new Receivers(body) : receivers).isThis(call)) {
                        insn = toOwnEntry(owner, code, call, contextSlot); // on this: the entry itself, no method handles
                    } else {
                        insn = toVirtualEntry(code, call, contextSlot); // overridable: through the entry of the receiver's class
                    }
                }
                continue;
            }
            if (isStatic ? opcode != Opcodes.INVOKESTATIC : opcode == Opcodes.INVOKESTATIC || !exact) {
                continue;
            }
            if (!removeArm(code, call)) {
                continue; // not armed: no suspension point (a quiet call), so it stays a call of the bridge
            }
            code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, contextSlot));
            call.desc = freshDescriptor(call.desc);
            call.setOpcode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL);
            call.itf = isInterface;
        }
    }

    private static boolean dispatches(int opcode) {
        return opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
    }

    private static final Handle VIRTUAL_CALL = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP,
            BytecodeContract.VIRTUAL_CALL_BOOTSTRAP, BytecodeContract.VIRTUAL_CALL_BOOTSTRAP_DESCRIPTOR, false);

    /**
     * An armed virtual call, its arm removed, becomes a call of the receiver's class's virtual entry with the caller's
     * context ({@link VirtualEntryPass}): {@code invokedynamic m (LOwner;A;LContext;)R}, linked by
     * {@code Bootstrap.virtualCall} to {@code coflow$call$m}, or to the armed call of {@code m} itself where the owner
     * has no entry. The check after the call ({@code Suspension.called}) stays.
     */
    private static AbstractInsnNode toVirtualEntry(InsnList code, MethodInsnNode call, int contextSlot) {
        code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, contextSlot));
        String descriptor = "(" + Type.getObjectType(call.owner).getDescriptor() + freshDescriptor(call.desc).substring(1);
        InvokeDynamicInsnNode indy = new InvokeDynamicInsnNode(call.name, descriptor, VIRTUAL_CALL);
        code.set(call, indy);
        return indy;
    }

    /**
     * An armed call on {@code this} of an overridable method of the same class that has a virtual entry, its arm removed,
     * calls the entry with {@code invokevirtual}: no call site, so no chain of method handles that C2 inlines as lambda
     * forms, which JDK 25's C2 cuts in a recursion on the same receiver and then runs out of line at every deeper call
     * (design.md, "Suspendable libraries", item 7). {@code this} is never null, so the JDK's message for a null receiver,
     * which the call site gives, is not at stake; the JVM selects the entry of the receiver's class, which checks that its
     * class selects the method. When another agent redefines or retransforms the class, the agent's watcher makes the
     * call a call site again ({@code RedefinedClass}), which then calls the method itself, armed:
     * <pre>
     * invokevirtual C.coflow$call$m(A;Context)R
     * </pre>
     */
    private static AbstractInsnNode toOwnEntry(ClassNode owner, InsnList code, MethodInsnNode call, int contextSlot) {
        code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, contextSlot));
        MethodInsnNode entry = new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner.name, BytecodeContract.VIRTUAL_ENTRY_PREFIX + call.name,
                freshDescriptor(call.desc), false);
        code.set(call, entry);
        return entry;
    }

    /**
     * Whether {@code call} names a method that {@code owner} itself declares, an instance method with code, that gets no
     * virtual entry (it was not rewritten: nothing in it may suspend). A call of it on any receiver links to the armed call
     * of the method itself ({@code Bootstrap.virtualCall} finds no entry of its own for it).
     */
    private static boolean declaresWithoutEntry(ClassNode owner, MethodInsnNode call, Set<String> withEntry) {
        if (!call.owner.equals(owner.name) || withEntry.contains(call.name + call.desc)) {
            return false;
        }
        for (MethodNode m : owner.methods) {
            if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
                return (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
            }
        }
        return false;
    }

    /**
     * An armed call on {@code this} of a method of the same class that has no virtual entry, its arm removed, becomes the
     * armed call itself, which is what its call site would link it to: arm the key for the receiver's class, then call the
     * method, so that an override in a subclass that was rewritten takes the key in its bridge, and the method itself
     * runs as plain code otherwise. No call site: where such calls nest in a library made suspendable (a method called on
     * {@code this} inside a method called on another object, both with the same erased type), JDK 25's C2 takes the second
     * call site's lambda form for a recursion and runs the chain of method handles out of line at each call (design.md,
     * "Suspendable libraries", item 8). {@code this} is never null, so the call site's message for a null receiver is not
     * at stake; another agent's changes to the method are seen, since the method itself is called:
     * <pre>
     * (receiver and arguments); aload 0; aload ctx; ldc2_w key("m(A)R"); invokestatic Suspension.armVirtual; invokevirtual C.m(A)R
     * </pre>
     */
    private static AbstractInsnNode armedOnThis(InsnList code, MethodInsnNode call, int contextSlot, long key) {
        code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, 0));
        code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, contextSlot));
        code.insertBefore(call, new org.objectweb.asm.tree.LdcInsnNode(key));
        code.insertBefore(call, Insns.invokeSuspension(BytecodeContract.ARM_VIRTUAL, BytecodeContract.ARM_RECEIVER_DESCRIPTOR));
        return call;
    }

    /**
     * Which calls of a body have {@code this} for their receiver: the receiver was pushed by {@code aload 0} in an
     * instance method that never stores into local 0, and between it and the call only straight-line code pushed the
     * arguments (no jump, no jump target, no handler start, no instruction that copies or swaps stack values). Anything
     * else answers no, which keeps the call site.
     */
    static final class Receivers {
        private final boolean thisIsFixed;
        private final Set<LabelNode> targets = new HashSet<>();

        Receivers(MethodNode body) {
            boolean fixed = (body.access & Opcodes.ACC_STATIC) == 0;
            for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null && fixed; insn = insn.getNext()) {
                if (insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE
                        || insn instanceof IincInsnNode i && i.var == 0) {
                    fixed = false;
                } else if (insn instanceof JumpInsnNode j) {
                    targets.add(j.label);
                } else if (insn instanceof TableSwitchInsnNode t) {
                    targets.add(t.dflt);
                    targets.addAll(t.labels);
                } else if (insn instanceof LookupSwitchInsnNode l) {
                    targets.add(l.dflt);
                    targets.addAll(l.labels);
                }
            }
            if (body.tryCatchBlocks != null) {
                for (TryCatchBlockNode b : body.tryCatchBlocks) {
                    targets.add(b.handler);
                }
            }
            this.thisIsFixed = fixed;
        }

        /** Whether {@code call} (an instance call, its arm already removed) is made on {@code this}. */
        boolean isThis(MethodInsnNode call) {
            if (!thisIsFixed) {
                return false;
            }
            int depth = Type.getArgumentTypes(call.desc).length; // values above the receiver, counted from the top
            for (AbstractInsnNode insn = call.getPrevious(); insn != null; insn = insn.getPrevious()) {
                if (insn instanceof LabelNode label) {
                    if (targets.contains(label)) {
                        return false;
                    }
                    continue;
                }
                if (insn.getOpcode() < 0) {
                    continue; // line numbers, frames
                }
                int[] effect = StackEffect.of(insn);
                if (effect == null) {
                    return false;
                }
                int pushed = effect[1];
                if (depth < pushed) {
                    return pushed == 1 && insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0;
                }
                depth += effect[0] - pushed;
            }
            return false;
        }
    }

    private static final Handle STATIC_CALL = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP,
            BytecodeContract.STATIC_CALL_BOOTSTRAP, BytecodeContract.STATIC_CALL_BOOTSTRAP_DESCRIPTOR, false);

    /** The key armed right before {@code call}: the constant {@link SiteEmitter#armCall} put there. */
    private static long armedKey(MethodInsnNode call) {
        AbstractInsnNode start = SiteEmitter.armStart(call); // aload ctx; ldc2_w key; invokestatic arm
        return (Long) ((org.objectweb.asm.tree.LdcInsnNode) start.getNext()).cst;
    }

    /**
     * An armed static call of another class's method, its arm removed, becomes a call of the static entry of the class
     * that declares the method ({@link VirtualEntryPass#ofStatic}) with the caller's context:
     * {@code invokedynamic m (A;LContext;)R} with the class the instruction names and the key it armed, linked by
     * {@code Bootstrap.staticCall}, or to the armed call of {@code m} itself where there is no entry.
     */
    private static AbstractInsnNode toStaticEntry(InsnList code, MethodInsnNode call, int contextSlot, long key) {
        code.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, contextSlot));
        InvokeDynamicInsnNode indy = new InvokeDynamicInsnNode(call.name, freshDescriptor(call.desc), STATIC_CALL,
                Type.getObjectType(call.owner), key);
        code.set(call, indy);
        return indy;
    }

    /**
     * Removes the arm that {@link StateMachinePass} put right before the call ({@link SiteEmitter#armCall}): a body called directly gets the caller's context and takes no key. False when the call was not
     * armed: it is no suspension point, and a body called with the context and no check after it could
     * suspend unseen (if the callee's class changed since the proof); through its bridge it fails loudly.
     */
    private static boolean removeArm(InsnList code, MethodInsnNode call) {
        AbstractInsnNode start = SiteEmitter.armStart(call);
        if (start == null) {
            return false;
        }
        // the receiver's copy, the arm, and the stores and loads of arguments set aside: the stack is as before them
        while (start != call) {
            AbstractInsnNode next = start.getNext();
            code.remove(start);
            start = next;
        }
        return true;
    }

    /** The descriptor of a method's fresh body: the context as a trailing parameter. */
    static String freshDescriptor(String descriptor) {
        return descriptor.replace(")", BytecodeContract.CONTEXT_DESCRIPTOR + ")");
    }

    /** The slot of the context parameter of a body made from a method with this access and descriptor. */
    public static int contextSlot(int access, String descriptor) {
        int slots = (access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type t : Type.getArgumentTypes(descriptor)) {
            slots += t.getSize();
        }
        return slots;
    }
}
