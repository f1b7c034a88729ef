package dev.coflow.rewriter.pass;

import static dev.coflow.runtime.BytecodeContract.CONTEXT;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Small emitters of instruction sequences, named after the Java they stand for. */
final class Insns {
    private Insns() {
    }

    /** Pushes an int constant with the shortest instruction. */
    static AbstractInsnNode pushInt(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    /** Pushes a string constant, or {@code null}. */
    static AbstractInsnNode pushString(String value) {
        return value == null ? new InsnNode(Opcodes.ACONST_NULL) : new LdcInsnNode(value);
    }

    /** Pushes the zero value of {@code type} (nothing for {@code void}). */
    static InsnList pushZero(Type type) {
        InsnList out = new InsnList();
        switch (type.getSort()) {
            case Type.VOID:
                break;
            case Type.LONG:
                out.add(new InsnNode(Opcodes.LCONST_0));
                break;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.FCONST_0));
                break;
            case Type.DOUBLE:
                out.add(new InsnNode(Opcodes.DCONST_0));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                out.add(new InsnNode(Opcodes.ACONST_NULL));
                break;
            default:
                out.add(new InsnNode(Opcodes.ICONST_0));
        }
        return out;
    }

    /** {@code return <zero of type>}. */
    static InsnList returnZero(Type returnType) {
        InsnList out = pushZero(returnType);
        out.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
        return out;
    }

    static VarInsnNode load(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot);
    }

    static VarInsnNode store(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ISTORE), slot);
    }

    /** Converts the primitive of {@code type} on the stack to its raw 64 bits. */
    static InsnList widenToBits(Type type) {
        InsnList out = new InsnList();
        switch (type.getSort()) {
            case Type.LONG:
                break;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                break;
            case Type.FLOAT:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                break;
            default:
                out.add(new InsnNode(Opcodes.I2L));
        }
        return out;
    }

    /** Converts raw 64 bits on the stack back to a primitive of {@code type}. */
    static InsnList narrowFromBits(Type type) {
        InsnList out = new InsnList();
        switch (type.getSort()) {
            case Type.LONG:
                break;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                break;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                break;
            default:
                out.add(new InsnNode(Opcodes.L2I));
        }
        return out;
    }

    /** A cast to {@code type}, or nothing when {@code type} is {@code Object}. */
    static InsnList castTo(Type type) {
        InsnList out = new InsnList();
        if (!(type.getSort() == Type.OBJECT && type.getInternalName().equals("java/lang/Object"))) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
        }
        return out;
    }

    /** {@code context.takeX()}: the resumed call site's result, converted to {@code type}, or its pending exception. */
    static InsnList takeResult(int contextSlot, int inSlot, Type type) {
        InsnList out = new InsnList();
        out.add(new VarInsnNode(Opcodes.ALOAD, contextSlot));
        out.add(new VarInsnNode(Opcodes.ALOAD, inSlot));
        switch (type.getSort()) {
            case Type.VOID:
                out.add(invokeContext(BytecodeContract.TAKE_VOID, BytecodeContract.TAKE_VOID_DESCRIPTOR));
                break;
            case Type.LONG:
                out.add(invokeContext(BytecodeContract.TAKE_LONG, BytecodeContract.TAKE_LONG_DESCRIPTOR));
                break;
            case Type.FLOAT:
                out.add(invokeContext(BytecodeContract.TAKE_FLOAT, BytecodeContract.TAKE_FLOAT_DESCRIPTOR));
                break;
            case Type.DOUBLE:
                out.add(invokeContext(BytecodeContract.TAKE_DOUBLE, BytecodeContract.TAKE_DOUBLE_DESCRIPTOR));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                out.add(invokeContext(BytecodeContract.TAKE_REF, BytecodeContract.TAKE_REF_DESCRIPTOR));
                out.add(castTo(type));
                break;
            default:
                out.add(invokeContext(BytecodeContract.TAKE_INT, BytecodeContract.TAKE_INT_DESCRIPTOR));
        }
        return out;
    }

    /** Stores the method's return value (on the stack above the context) into the context's result slot. */
    static InsnList storeResult(Type type) {
        InsnList out = new InsnList();
        switch (type.getSort()) {
            case Type.VOID:
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                out.add(new FieldInsnNode(Opcodes.PUTFIELD, CONTEXT, BytecodeContract.CONTEXT_VALUE_REF, "Ljava/lang/Object;"));
                break;
            default:
                out.add(widenToBits(type));
                out.add(invokeContext(BytecodeContract.RESULT_LONG, BytecodeContract.RESULT_LONG_DESCRIPTOR));
        }
        return out;
    }

    private static MethodInsnNode invokeContext(String name, String descriptor) {
        return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, CONTEXT, name, descriptor, false);
    }

    static MethodInsnNode invokeSuspension(String name, String descriptor) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.SUSPENSION, name, descriptor, false);
    }
}
