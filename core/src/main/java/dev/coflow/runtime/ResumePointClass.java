package dev.coflow.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The class file of the {@link ResumePoint} subclass that {@link Bootstrap} defines, as a hidden
 * nestmate of a rewritten class, for each of that class's resume adapters:
 *
 * <pre>
 * final class Host$coflow$Point extends ResumePoint {   // hidden: the JVM leaves its frames out of stack traces
 *     Host$coflow$Point(int state, String owner, String name, String descriptor, String file, int line) {
 *         super(state, owner, name, descriptor, file, line);
 *     }
 *     public void resume(Frame frame, Context context, Object in) {
 *         Host.adapter(frame, context, in);   // the private static resume adapter: a nestmate may call it
 *     }
 * }
 * </pre>
 *
 * Written here byte by byte (the runtime has no bytecode library): two methods of straight-line code
 * need no stack map frames, and the constant pool below is all they use.
 */
final class ResumePointClass {
    private ResumePointClass() {
    }

    /** Appended to the rewritten class's name to name its point classes (the JVM adds a suffix of its own). */
    static final String NAME_SUFFIX = "$coflow$Point";

    /** Java 17's class file version: the runtime's baseline, and old enough for any JVM it runs on. */
    private static final int VERSION = 61;

    private static final String SUPER = "dev/coflow/runtime/ResumePoint";
    private static final String CONSTRUCTOR = "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;I)V";
    private static final String RESUME = "(Ldev/coflow/runtime/Frame;Ldev/coflow/runtime/Context;Ljava/lang/Object;)V";

    // the constant pool, in this order (index: entry)
    private static final int THIS_NAME = 1, THIS_CLASS = 2, SUPER_NAME = 3, SUPER_CLASS = 4, INIT = 5, INIT_TYPE = 6,
            INIT_NAME_TYPE = 7, SUPER_INIT = 8, RESUME_NAME = 9, RESUME_TYPE = 10, HOST_NAME = 11, HOST_CLASS = 12,
            ADAPTER_NAME = 13, ADAPTER_NAME_TYPE = 14, ADAPTER = 15, CODE = 16, POOL_COUNT = 17;

    private static final int ACC_PUBLIC = 0x0001, ACC_FINAL = 0x0010, ACC_SUPER = 0x0020, ACC_SYNTHETIC = 0x1000;
    private static final int CONSTANT_UTF8 = 1, CONSTANT_CLASS = 7, CONSTANT_METHODREF = 10, CONSTANT_INTERFACE_METHODREF = 11,
            CONSTANT_NAME_AND_TYPE = 12;
    private static final int ALOAD_0 = 0x2a, ALOAD_1 = 0x2b, ALOAD_2 = 0x2c, ALOAD_3 = 0x2d, ALOAD = 0x19, ILOAD_1 = 0x1b,
            ILOAD = 0x15, INVOKESPECIAL = 0xb7, INVOKESTATIC = 0xb8, RETURN = 0xb1;

    /**
     * The class file of {@code name} (an internal name in {@code host}'s package), whose {@code resume}
     * calls {@code host}'s static method {@code adapter} with the descriptor of {@link ResumePoint#resume}.
     */
    static byte[] bytes(String name, String host, boolean hostIsInterface, String adapter) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        DataOutputStream out = new DataOutputStream(buffer);
        try {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(VERSION);

            out.writeShort(POOL_COUNT);
            utf8(out, name);                                            // THIS_NAME
            classEntry(out, THIS_NAME);                                 // THIS_CLASS
            utf8(out, SUPER);                                           // SUPER_NAME
            classEntry(out, SUPER_NAME);                                // SUPER_CLASS
            utf8(out, "<init>");                                        // INIT
            utf8(out, CONSTRUCTOR);                                     // INIT_TYPE
            nameAndType(out, INIT, INIT_TYPE);                          // INIT_NAME_TYPE
            memberRef(out, CONSTANT_METHODREF, SUPER_CLASS, INIT_NAME_TYPE); // SUPER_INIT
            utf8(out, "resume");                                        // RESUME_NAME
            utf8(out, RESUME);                                          // RESUME_TYPE
            utf8(out, host);                                            // HOST_NAME
            classEntry(out, HOST_NAME);                                 // HOST_CLASS
            utf8(out, adapter);                                         // ADAPTER_NAME
            nameAndType(out, ADAPTER_NAME, RESUME_TYPE);                // ADAPTER_NAME_TYPE
            memberRef(out, hostIsInterface ? CONSTANT_INTERFACE_METHODREF : CONSTANT_METHODREF, HOST_CLASS, ADAPTER_NAME_TYPE); // ADAPTER
            utf8(out, "Code");                                          // CODE

            out.writeShort(ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC);
            out.writeShort(THIS_CLASS);
            out.writeShort(SUPER_CLASS);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields

            out.writeShort(2); // methods
            // the constructor: super(state, owner, name, descriptor, file, line)
            method(out, 0, INIT, INIT_TYPE, 7, 7, new byte[] {
                    ALOAD_0, ILOAD_1, ALOAD_2, ALOAD_3, ALOAD, 4, ALOAD, 5, ILOAD, 6,
                    (byte) INVOKESPECIAL, 0, SUPER_INIT,
                    (byte) RETURN});
            // resume(frame, context, in): Host.adapter(frame, context, in)
            method(out, ACC_PUBLIC | ACC_FINAL, RESUME_NAME, RESUME_TYPE, 3, 4, new byte[] {
                    ALOAD_1, ALOAD_2, ALOAD_3,
                    (byte) INVOKESTATIC, 0, ADAPTER,
                    (byte) RETURN});

            out.writeShort(0); // attributes
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(CONSTANT_UTF8);
        out.writeUTF(s); // the class file's modified UTF-8, length first
    }

    private static void classEntry(DataOutputStream out, int nameIndex) throws IOException {
        out.writeByte(CONSTANT_CLASS);
        out.writeShort(nameIndex);
    }

    private static void nameAndType(DataOutputStream out, int nameIndex, int typeIndex) throws IOException {
        out.writeByte(CONSTANT_NAME_AND_TYPE);
        out.writeShort(nameIndex);
        out.writeShort(typeIndex);
    }

    private static void memberRef(DataOutputStream out, int tag, int classIndex, int nameAndTypeIndex) throws IOException {
        out.writeByte(tag);
        out.writeShort(classIndex);
        out.writeShort(nameAndTypeIndex);
    }

    private static void method(DataOutputStream out, int access, int nameIndex, int typeIndex, int maxStack, int maxLocals,
            byte[] code) throws IOException {
        out.writeShort(access);
        out.writeShort(nameIndex);
        out.writeShort(typeIndex);
        out.writeShort(1); // attributes: Code
        out.writeShort(CODE);
        out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0); // exception table
        out.writeShort(0); // attributes of the code
    }
}
