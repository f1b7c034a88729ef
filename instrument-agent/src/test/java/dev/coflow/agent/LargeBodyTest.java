package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Found on commons-collections4's MultiKeyMapTest#testMultiKeyPut by the transparency corpus: its
 * rewritten body (44 KB) made ASM's frame computation fail with an ArrayIndexOutOfBoundsException
 * (ClassReader.readLabel, re-reading a method whose jumps needed 32-bit offsets) that escaped
 * ClassRewriter.rewrite. Now the largest body over 32 KB is refused as too large and the rest is
 * rewritten. These generated classes do not reproduce ASM's failure itself (the real class does;
 * the transparency corpus covers it); they pin the contract: growing bodies are rewritten or refused
 * as too large, never an internal error.
 */
class LargeBodyTest {

    /** {@code big()} calls {@code step(int)} {@code calls} times with three int locals live across each call. */
    private static byte[] classWithManyCalls(int calls) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/Big", null, "java/lang/Object", null);
        MethodVisitor step = cw.visitMethod(Opcodes.ACC_STATIC, "step", "(I)I", null, null);
        step.visitCode();
        step.visitVarInsn(Opcodes.ILOAD, 0);
        step.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Big", "leaf", "(I)I", false);
        step.visitInsn(Opcodes.IRETURN);
        step.visitMaxs(0, 0);
        step.visitEnd();
        MethodVisitor leaf = cw.visitMethod(Opcodes.ACC_STATIC, "leaf", "(I)I", null, null);
        leaf.visitCode();
        // leaf yields, so every call of step is a suspension point (a call that cannot suspend would be quiet)
        leaf.visitInsn(Opcodes.ACONST_NULL);
        leaf.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        leaf.visitInsn(Opcodes.POP);
        leaf.visitVarInsn(Opcodes.ILOAD, 0);
        leaf.visitInsn(Opcodes.IRETURN);
        leaf.visitMaxs(0, 0);
        leaf.visitEnd();
        MethodVisitor big = cw.visitMethod(Opcodes.ACC_STATIC, "big", "()I", null, null);
        big.visitCode();
        for (int slot = 0; slot < 3; slot++) {
            big.visitInsn(Opcodes.ICONST_0);
            big.visitVarInsn(Opcodes.ISTORE, slot);
        }
        for (int i = 0; i < calls; i++) {
            big.visitVarInsn(Opcodes.ILOAD, i % 3);
            big.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Big", "step", "(I)I", false);
            big.visitVarInsn(Opcodes.ISTORE, (i + 1) % 3);
        }
        big.visitVarInsn(Opcodes.ILOAD, 0);
        big.visitInsn(Opcodes.IRETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void growingBodies_areRewrittenOrRefusedAsTooLarge_neverAnInternalError() {
        boolean refused = false;
        for (int calls = 300; calls <= 4500; calls += 600) {
            byte[] bytes = classWithManyCalls(calls);
            ClassHierarchy hierarchy = new ClassHierarchy(name -> name.equals("gen/Big") ? bytes : null, name -> name.startsWith("gen/"));

            ClassRewriter.Result r = ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(true));

            assertEquals(java.util.List.of(), r.diagnostics(), calls + " calls");
            if (r.rewritten().contains("big()I")) {
                assertTrue(r.implicit().isEmpty(), r.implicit().toString());
            } else {
                refused = true;
                assertEquals(1, r.implicit().size(), r.implicit().toString());
                // too large for the JVM, or (ASM 9.11) too large for ASM to encode its far jumps
                assertTrue(java.util.Set.of(Problem.METHOD_TOO_LARGE, Problem.JUMPS_TOO_FAR).contains(r.implicit().get(0).problem()),
                        r.implicit().toString());
                assertEquals(java.util.List.of("step(I)I", "leaf(I)I"), r.rewritten());
            }
        }
        assertTrue(refused, "the largest body must be refused");
    }

    @Test
    void smallerBody_isRewritten() {
        byte[] bytes = classWithManyCalls(50);
        ClassHierarchy hierarchy = new ClassHierarchy(name -> name.equals("gen/Big") ? bytes : null, name -> name.startsWith("gen/"));

        ClassRewriter.Result r = ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(true));

        assertTrue(r.implicit().isEmpty(), r.implicit().toString());
        assertTrue(r.rewritten().contains("big()I"), r.rewritten().toString());
        assertNull(r.diagnostics().isEmpty() ? null : r.diagnostics());
    }
}
