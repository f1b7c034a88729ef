package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Turns the original method into the bridge: its code becomes one call of the fresh body ({@link FreshBody}) with
 * the context {@code Suspension.enter} gives (the running coroutine's when a rewritten frame armed
 * this call; else {@code NONE} or {@code FOREIGN}). Name, descriptor, access, annotations, parameter
 * annotations, generic signature and declared exceptions stay, so callers, overriding, reflection
 * and lambdas see the method as it was.
 *
 * <p><b>Requires:</b> the method's original code already moved into the body ({@link StateMachinePass}).
 * <b>Establishes:</b> a method of one call, on the line the method started at (an entry no
 * breakpoint stops at, {@link DebugLines}: a breakpoint on that line stops in the body once), with
 * local variable entries for its parameters only.
 *
 * <pre>
 * static R m(A a) { return m(a, Suspension.enterStatic(key("C.m(LA;)LR;"))); }   // keys: long constants
 * R m(A a) { return m(a, Suspension.enterInstance(key("m(LA;)LR;"), key("*m(LA;)LR;"), C.class)); }
 * private R p(A a) { return p(a, Suspension.enterPrivate(key("p(LA;)LR;"), key("*p(LA;)LR;"), this, C.class)); }
 * </pre>
 */
final class BridgePass {
    private BridgePass() {
    }

    static void apply(ClassNode owner, MethodNode method, String freshDescriptor, int paramSlots, StateMachinePass.Entry entry) {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        Type[] argumentTypes = Type.getArgumentTypes(method.desc);
        Type returnType = Type.getReturnType(method.desc);

        int firstLine = -1;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                firstLine = ln.line;
                break;
            }
        }
        List<LocalVariableNode> parameters = new ArrayList<>();
        LabelNode begin = new LabelNode();
        LabelNode end = new LabelNode();
        if (method.localVariables != null) {
            boolean[] named = new boolean[paramSlots];
            for (LocalVariableNode v : method.localVariables) {
                // a parameter's entry is the first one of its slot (javac lists them first, whole-method)
                if (v.index < paramSlots && !named[v.index]) {
                    named[v.index] = true;
                    parameters.add(new LocalVariableNode(v.name, v.desc, v.signature, begin, end, v.index));
                }
            }
        }
        InsnList code = new InsnList();
        code.add(begin);
        if (firstLine > 0) {
            // the bridge's frame shows the method's first line, but a breakpoint there stops in the body only
            code.add(DebugLines.unreachableLine(firstLine, true));
        }
        int slot = 0;
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : argumentTypes) {
            code.add(Insns.load(t, slot));
            slot += t.getSize();
        }
        // the context: the running coroutine's when a rewritten frame armed this call, else NONE or FOREIGN
        if (entry.forwarded()) {
            code.add(pushKey(entry.interfaceKey()));
            code.add(pushKey(entry.bridgeKey()));
            code.add(Insns.invokeSuspension(BytecodeContract.ENTER_FORWARDED, BytecodeContract.ENTER_FORWARDED_DESCRIPTOR));
        } else {
            String key = method.name + method.desc;
            code.add(pushKey(isStatic ? BytecodeContract.staticCall(owner.name, key) : key));
            if (isStatic) {
                // a static call's key has no class: one armed for an instance call was passed on by a plain implementation
                code.add(Insns.invokeSuspension(BytecodeContract.ENTER, BytecodeContract.ENTER_DESCRIPTOR));
            } else {
                // the key must have been armed for a call that selects this method (a plain forwarder's caller armed its
                // call for the forwarder: another object's class, or an override that calls super)
                code.add(pushKey(BytecodeContract.INTERFACE_KEY_PREFIX + key));
                boolean isPrivate = (method.access & Opcodes.ACC_PRIVATE) != 0;
                if (isPrivate) {
                    code.add(new VarInsnNode(Opcodes.ALOAD, 0));
                }
                code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
                code.add(isPrivate ? Insns.invokeSuspension(BytecodeContract.ENTER_PRIVATE, BytecodeContract.ENTER_PRIVATE_DESCRIPTOR)
                        : Insns.invokeSuspension(BytecodeContract.ENTER_INSTANCE, BytecodeContract.ENTER_INSTANCE_DESCRIPTOR));
            }
        }
        code.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner.name, method.name, freshDescriptor, isInterface));
        code.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
        code.add(end);
        method.instructions = code;
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = parameters;
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        method.maxLocals = paramSlots;
        // before enterPrivate: the arguments, the two long keys, the receiver and the class; the body's extra arguments
        method.maxStack = paramSlots + Math.max(6, BytecodeContract.BODY_EXTRA_SLOTS + 3);
    }

    /** The key of a call as a {@code long} constant ({@code BytecodeContract.key}); 0 for none. */
    private static AbstractInsnNode pushKey(String call) {
        return call == null ? new InsnNode(Opcodes.LCONST_0) : new org.objectweb.asm.tree.LdcInsnNode(BytecodeContract.key(call));
    }
}
