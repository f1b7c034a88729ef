package dev.coflow.agent.harness;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files that go wrong on purpose, for the fault tests (in-process and in a child JVM): a newer
 * version than ASM reads, truncations, and a generated {@code @Coroutine} method of a chosen number of
 * yields, to reach the 64 KB code limit after rewriting.
 */
public final class BadClassFiles {
    private BadClassFiles() {
    }

    /** The bytes of a class on the class path. */
    public static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A copy with the class-file major version set to {@code major}. */
    public static byte[] withMajorVersion(byte[] classFile, int major) {
        byte[] copy = classFile.clone();
        copy[6] = (byte) (major >> 8);
        copy[7] = (byte) major;
        return copy;
    }

    /** The first {@code length} bytes. */
    public static byte[] truncated(byte[] classFile, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(classFile, 0, copy, 0, length);
        return copy;
    }

    /**
     * A class {@code internalName} with {@code @Coroutine static long big()}, which yields {@code yields}
     * times ({@code k} at the k-th yield) and adds up the {@code Integer}s sent back, keeping an int counter, a
     * double and a String live across every yield (so each suspension point spills four values), and
     * returns {@code sum + counter + (long) d + s.length()}; and {@code @Coroutine static String small()},
     * which yields {@code "small"} and returns {@code "done"}.
     */
    public static byte[] largeCoroutineClass(String internalName, int yields) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        cw.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "big", "()J", null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        Label first = new Label();
        mv.visitLabel(first);
        mv.visitLineNumber(10, first);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, 0); // long sum
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 2); // int xor
        mv.visitLdcInsn(0.5);
        mv.visitVarInsn(Opcodes.DSTORE, 3); // double d
        mv.visitLdcInsn("s");
        mv.visitVarInsn(Opcodes.ASTORE, 5); // String s
        for (int k = 0; k < yields; k++) {
            mv.visitVarInsn(Opcodes.LLOAD, 0);
            mv.visitLdcInsn(k);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Integer");
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
            mv.visitInsn(Opcodes.I2L);
            mv.visitInsn(Opcodes.LADD);
            mv.visitVarInsn(Opcodes.LSTORE, 0);
            mv.visitIincInsn(2, k & 0x7F);
        }
        mv.visitVarInsn(Opcodes.LLOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitInsn(Opcodes.D2L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.ALOAD, 5);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "small", "()Ljava/lang/String;", null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        mv.visitLdcInsn("small");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitLdcInsn("done");
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** What {@code big()} of {@link #largeCoroutineClass} returns when the k-th yield is sent {@code sent(k)}. */
    public static long expectedBigResult(int yields, java.util.function.IntUnaryOperator sent) {
        long sum = 0;
        int xor = 0;
        for (int k = 0; k < yields; k++) {
            sum += sent.applyAsInt(k);
            xor += k & 0x7F;
        }
        return sum + xor + (long) 0.5 + "s".length();
    }

    /** The {@code code_length} of every method with a {@code Code} attribute, by {@code name + descriptor}. */
    public static Map<String, Integer> codeLengths(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8);
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipBytes(6);
        in.skipBytes(2 * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        Map<String, Integer> lengths = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.skipBytes(4);
                    lengths.put(name + descriptor, in.readInt());
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return lengths;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
