package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.report.Reporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Refusals that javac never gives reason for, so the fixtures are built with ASM (catalogue 10, 62 and 67): each is
 * reported with its class, method, what is wrong and a fix; the method (or the class) is left as it was.
 */
class AsmBuiltRefusalsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""),
            new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8), false));

    private static ClassHierarchy hierarchy() {
        return BadInputTest.hierarchy();
    }

    /** {@code @Coroutine} method {@code name}: the instructions {@code body} writes, then a yield and {@code return}. */
    private interface Body {
        void write(MethodVisitor m);
    }

    private static void coroutineMethod(ClassWriter writer, int access, String name, Body body) {
        MethodVisitor m = writer.visitMethod(access, name, "()V", null, null);
        m.visitAnnotation("Ldev/coflow/Coroutine;", false).visitEnd();
        m.visitCode();
        body.write(m);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "()Ljava/lang/Object;", false);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** Catalogue 10: an instance coroutine method that stores into slot 0, where the rewriter keeps the receiver. */
    @Test
    void storeIntoSlotZero_isRefusedAsReceiverOverwritten_andLeftAsItWas() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/SlotZero", null, "java/lang/Object", null);
        writer.visitSource("SlotZero.java", null);
        coroutineMethod(writer, Opcodes.ACC_PUBLIC, "step", m -> {
            m.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
            m.visitInsn(Opcodes.DUP);
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            m.visitVarInsn(Opcodes.ASTORE, 0);
        });
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();

        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy(), ClassRewriter.Options.DEFAULT);

        assertEquals(java.util.List.of(), result.rewritten(), "no method was rewritten");
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.RECEIVER_OVERWRITTEN, d.problem(), d.render());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite com.acme.SlotZero#step ()V"), text);
        assertTrue(text.contains("stores into local slot 0, where its receiver lives"), text);
        assertTrue(text.contains("Fix: do not reassign slot 0"), text);

        // the class loads with the method as it was, marked refused so that a yield there says why
        transformer.transform(getClass().getClassLoader(), "com/acme/SlotZero", null, null, bytes);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite com.acme.SlotZero#step ()V"), printed);
    }

    /** Fields of the catalogue 67 fixture, each name a constant of its own. */
    private static final int FIELDS = 65_500;

    /** Catalogue 67: a class whose constant pool the rewriting pushes past 65,535 entries. */
    @Test
    void constantPoolPushedOverTheLimit_isRefusedAsClassTooLarge_andLeftAsItWas() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/HugePool", null, "java/lang/Object", null);
        writer.visitSource("HugePool.java", null);
        // one constant per field name: the pool ends a few dozen entries under the limit
        for (int i = 0; i < FIELDS; i++) {
            writer.visitField(Opcodes.ACC_STATIC, "f" + i, "I", null, null).visitEnd();
        }
        coroutineMethod(writer, Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "step", m -> { });
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        int poolCount = new ClassReader(bytes).getItemCount();
        assertTrue(poolCount < 65_535 && poolCount > 65_400, "the fixture's pool has " + poolCount + " entries");

        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy(), ClassRewriter.Options.DEFAULT);

        assertTrue(result.bytes() == null, () -> "rewritten with " + new ClassReader(result.bytes()).getItemCount()
                + " constant-pool entries from " + poolCount);
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.CLASS_TOO_LARGE, d.problem(), d.render());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite com.acme.HugePool (HugePool.java):"), text);
        assertTrue(text.contains("more than 65535 constant-pool entries"), text);
        assertTrue(text.contains("Fix: split the class"), text);
    }

    /** Catalogue 62: a class file of Java 5 (version 49) whose coroutine method yields inside a {@code jsr} subroutine. */
    @Test
    void subroutineInAVersion49Class_isRefusedAsTooOld_andLeftAsItWas() throws Exception {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "com/acme/Subroutine", null, "java/lang/Object", null);
        writer.visitSource("Subroutine.java", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "step", "()V", null, null);
        m.visitAnnotation("Ldev/coflow/Coroutine;", false).visitEnd();
        m.visitCode();
        org.objectweb.asm.Label sub = new org.objectweb.asm.Label();
        m.visitJumpInsn(Opcodes.JSR, sub);
        m.visitInsn(Opcodes.RETURN);
        m.visitLabel(sub);
        m.visitVarInsn(Opcodes.ASTORE, 0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "()Ljava/lang/Object;", false);
        m.visitInsn(Opcodes.POP);
        m.visitVarInsn(Opcodes.RET, 0);
        m.visitMaxs(1, 1);
        m.visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        // the fixture really is what the entry is about: a jsr and a ret in a version-49 class
        String listing = listing(bytes);
        assertTrue(listing.contains("JSR") && listing.contains("RET 0") && listing.contains("version 49"), listing);

        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy(), ClassRewriter.Options.DEFAULT);

        assertNull(result.bytes(), "a class older than Java 8 is left whole as it was");
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.CLASS_VERSION_TOO_OLD, d.problem(), d.render());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite com.acme.Subroutine"), text);
        assertTrue(text.contains("older than Java 8"), text);
    }

    private static String listing(byte[] bytes) {
        java.io.StringWriter out = new java.io.StringWriter();
        new ClassReader(bytes).accept(new org.objectweb.asm.util.TraceClassVisitor(new java.io.PrintWriter(out)), 0);
        return out.toString();
    }
}
