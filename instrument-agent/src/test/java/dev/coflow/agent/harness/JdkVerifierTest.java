package dev.coflow.agent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The second verifier the harnesses run can fail: it is there on Java 24 and later, and rejects a bad method. */
class JdkVerifierTest {

    private static byte[] classReturning(boolean reference) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/Returns", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "value", "()Ljava/lang/Object;", null, null);
        m.visitCode();
        if (reference) {
            m.visitInsn(Opcodes.ACONST_NULL);
        } else {
            m.visitInsn(Opcodes.ICONST_0); // an int where the method returns a reference
        }
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void onJava24AndLater_theVerifierIsThere_acceptsAGoodClass_andRejectsABadOne() {
        assumeTrue(Runtime.version().feature() >= 24, "the ClassFile API is final from Java 24");
        assertTrue(JdkVerifier.available());
        ClassLoader loader = JdkVerifierTest.class.getClassLoader();
        assertEquals(List.of(), JdkVerifier.errors(classReturning(true), loader));
        List<String> errors = JdkVerifier.errors(classReturning(false), loader);
        assertFalse(errors.isEmpty(), "an int returned as a reference passed");
    }

    @Test
    void beforeJava24_reportsNothing() {
        assumeTrue(Runtime.version().feature() < 24);
        assertFalse(JdkVerifier.available());
        assertEquals(List.of(), JdkVerifier.errors(classReturning(false), JdkVerifierTest.class.getClassLoader()));
    }
}
