package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.kept.KeptBeside;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * The methods of a rewritten class that are not rewritten keep what javac wrote: their instructions with the same
 * constant-pool indices (the writer is seeded with the original pool) and their own stack map frames (ASM computes
 * frames for the new bodies and spill methods only, switching the one writer's flags per method).
 */
class KeptMethodsTest {

    @Test
    void plainMethodsBesideACoroutine_keepTheirCodeBytesAndJavacsFrames() throws Exception {
        byte[] before = classBytes(KeptBeside.class);
        ClassRewriter.Result result = ClassRewriter.rewrite(before,
                ClassHierarchy.of(KeptMethodsTest.class.getClassLoader(), n -> false), new ClassRewriter.Options(true));
        assertEquals(List.of(), result.diagnostics());
        assertEquals(List.of("counter(I)V"), result.rewritten());
        assertNotNull(result.bytes());

        for (String method : List.of("join(ZI)I", "constants(I)Ljava/lang/String;")) {
            assertEquals(listing(before, method), listing(result.bytes(), method), method);
            assertArrayEquals(code(before, method), code(result.bytes(), method), method + ": the Code attribute's bytes");
        }
        // the frame javac wrote names the declared type; one computed again would say java/lang/Object
        assertTrue(listing(result.bytes(), "join(ZI)I").contains("java/lang/CharSequence"), listing(result.bytes(), "join(ZI)I"));
    }

    /**
     * Catalogue 49: a subclass that overrides a coroutine method with a plain one and names nothing of coflow (a
     * library's or a framework's subclass) is left as javac wrote it, as the agent leaves it; the case that calls it
     * among rewritten receivers ({@code cases/VirtualCallsThroughEntries}) then runs the unrewritten override through
     * the rewritten base's virtual entry, exactly.
     */
    @Test
    void plainSubclassOverridingACoroutineMethod_isLeftAsJavacWroteIt() throws Exception {
        Class<?> plain = Class.forName("dev.coflow.agent.cases.VirtualCallsThroughEntries$PlainOverride");
        byte[] bytes;
        try (InputStream in = KeptMethodsTest.class.getClassLoader().getResourceAsStream(plain.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassRewriter.Result result = ClassRewriter.rewrite(bytes,
                ClassHierarchy.of(KeptMethodsTest.class.getClassLoader()), ClassRewriter.Options.DEFAULT);
        assertEquals(java.util.List.of(), result.diagnostics());
        assertEquals(null, result.bytes(), "the plain override was rewritten");
        assertEquals("dev.coflow.agent.cases.VirtualCallsThroughEntries$Base", plain.getSuperclass().getName());
    }

    private static byte[] classBytes(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The method's instructions, frames, line numbers and locals as ASM prints them (constants resolved). */
    private static String listing(byte[] classFile, String method) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        for (MethodNode m : node.methods) {
            if ((m.name + m.desc).equals(method)) {
                Textifier text = new Textifier();
                m.accept(new TraceMethodVisitor(text));
                StringWriter out = new StringWriter();
                text.print(new PrintWriter(out));
                return out.toString();
            }
        }
        throw new AssertionError("no method " + method);
    }

    /** The raw bytes of the method's code array, as the class file holds them (constant-pool indices included). */
    private static byte[] code(byte[] classFile, String method) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = fieldsEnd(reader);
        int methods = reader.readUnsignedShort(offset);
        int at = offset + 2;
        for (int i = 0; i < methods; i++) {
            String name = reader.readUTF8(at + 2, buffer);
            String desc = reader.readUTF8(at + 4, buffer);
            int attributes = reader.readUnsignedShort(at + 6);
            int a = at + 8;
            for (int j = 0; j < attributes; j++) {
                String attribute = reader.readUTF8(a, buffer);
                int length = reader.readInt(a + 2);
                if ((name + desc).equals(method) && attribute.equals("Code")) {
                    int codeLength = reader.readInt(a + 6 + 4);
                    byte[] code = new byte[codeLength];
                    for (int k = 0; k < codeLength; k++) {
                        code[k] = (byte) reader.readByte(a + 6 + 8 + k);
                    }
                    return code;
                }
                a += 6 + length;
            }
            at = a;
        }
        throw new AssertionError("no Code for " + method);
    }

    /** Where the methods begin: after access, this, super, the interfaces and the fields. */
    private static int fieldsEnd(ClassReader reader) {
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        int fields = reader.readUnsignedShort(offset);
        int at = offset + 2;
        for (int i = 0; i < fields; i++) {
            at = skipMember(reader, at);
        }
        return at;
    }

    /** Skips a field_info or method_info starting at {@code at}. */
    private static int skipMember(ClassReader reader, int at) {
        int attributes = reader.readUnsignedShort(at + 6);
        int a = at + 8;
        for (int j = 0; j < attributes; j++) {
            a += 6 + reader.readInt(a + 2);
        }
        return a;
    }
}
