package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Makes the resume adapter of a rewritten method: the static synthetic method the runtime calls
 * (through its suspension point's {@code ResumePoint.resume}, a hidden class {@code Bootstrap} defines) to continue a suspended frame. It calls the
 * body on the saved receiver with zeros for the parameters (the body restores its own locals) and
 * leaves the body's return value in the context's result slot.
 *
 * <p>Its frame is what a debugger shows below a resumed method (with the runtime's trampoline below
 * it), so it carries the resumed method's first line ({@link DebugLines}).
 *
 * <pre>
 * private static synthetic void coflow$resume$N(Frame f, Context ctx, Object in) {
 *     ctx.resultLong(((C) ((RefFrame) f).r0).m(0, 0L, null, ctx, f, in));     // or ctx.valueRef = …, or nothing for void
 * }
 * </pre>
 */
final class ResumeAdapterEmitter {
    private ResumeAdapterEmitter() {
    }

    /**
     * @param line the method's first line, or -1: the adapter's frame shows it in a debugger (its entry
     *             is on an unreachable instruction, so a breakpoint on that line never stops here)
     */
    static MethodNode adapter(ClassNode owner, MethodNode method, String adapterName, String bodyDescriptor, int line) {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        Type returnType = Type.getReturnType(method.desc);

        MethodNode adapter = new MethodNode(AsmApi.LEVEL, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                adapterName, BytecodeContract.RESUME_ADAPTER_DESCRIPTOR, null, null);
        InsnList code = adapter.instructions;
        if (line > 0) {
            code.add(DebugLines.unreachableLine(line, true));
        }
        if (returnType.getSort() != Type.VOID) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 1));
        }
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, BytecodeContract.REF_FRAME));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, BytecodeContract.REF_FRAME, BytecodeContract.FRAME_REF_PREFIX + "0", "Ljava/lang/Object;"));
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, owner.name));
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            code.add(Insns.pushZero(t));
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, 1));
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ALOAD, 2));
        code.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner.name, method.name, bodyDescriptor, isInterface));
        code.add(Insns.storeResult(returnType));
        code.add(new InsnNode(Opcodes.RETURN));
        adapter.maxLocals = 3;
        adapter.maxStack = 8;
        return adapter;
    }

}
