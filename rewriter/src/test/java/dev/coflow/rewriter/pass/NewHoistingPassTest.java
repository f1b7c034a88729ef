package dev.coflow.rewriter.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Which {@code new}/{@code <init>} pairs open across a suspension point {@link NewHoistingPass} moves and which it refuses. */
class NewHoistingPassTest {

    record Box(Object value) {
    }

    /** Both copies of {@code new Box} stay on the stack across the yield: the pair is moved. */
    static final class NewWithYieldArgument {
        @Coroutine
        static Object body() {
            return new Box(Coroutines.yield("argument"));
        }
    }

    /**
     * Catalogue 19 as javac 17 emits it: the switch expression contains {@code try}, so javac stores
     * the operand stack, both uninitialised copies of {@code new Box} included, into locals before the
     * switch and reloads them in each arm ({@code new; dup; astore 2; astore 3; ... aload 3; aload 2}).
     */
    static final class NewAcrossSwitchExpressionWithTry {
        @Coroutine
        static Object body(int k) {
            return new Box(switch (k) {
                case 1 -> "one";
                default -> {
                    try {
                        yield Coroutines.yield("in switch");
                    } catch (IllegalStateException e) {
                        yield "caught";
                    }
                }
            });
        }
    }

    @Test
    void apply_movesPairWhoseCopiesStayOnTheStack() throws IOException {
        ClassRewriter.Result result = rewrite(NewWithYieldArgument.class);
        assertEquals(java.util.List.of(), result.diagnostics());
        assertNotNull(result.bytes());
    }

    @Test
    void apply_movesPairWhoseCopiesJavacStoredInLocals() throws IOException {
        ClassRewriter.Result result = rewrite(NewAcrossSwitchExpressionWithTry.class);
        assertEquals(java.util.List.of(), result.diagnostics());
        assertNotNull(result.bytes());
    }

    /**
     * A shape javac does not emit (built with ASM): a copy of the uninitialised object is duplicated
     * and popped between {@code new} and the suspension point. It is refused precisely.
     */
    @Test
    void apply_refusesPairWhoseCopyIsDuplicated() {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, "gen/DuplicatedCopy", null, "java/lang/Object", null);
        cw.visitSource("DuplicatedCopy.java", null);
        org.objectweb.asm.MethodVisitor mv = cw.visitMethod(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC,
                "body", "()Ljava/lang/Object;", null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        org.objectweb.asm.Label start = new org.objectweb.asm.Label();
        mv.visitLabel(start);
        mv.visitLineNumber(7, start);
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.NEW, "java/lang/StringBuilder");
        mv.visitInsn(org.objectweb.asm.Opcodes.DUP);
        mv.visitInsn(org.objectweb.asm.Opcodes.DUP);
        mv.visitInsn(org.objectweb.asm.Opcodes.POP);
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.CHECKCAST, "java/lang/String");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        ClassLoader loader = NewHoistingPassTest.class.getClassLoader();
        ClassRewriter.Result result = ClassRewriter.rewrite(cw.toByteArray(), ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
        // the refused method stays as it was but for its guard (Suspension.enterRefused at its entry)
        dev.coflow.rewriter.Guards.assertOnlyGuarded(result.bytes(), "body");
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic refusal = result.diagnostics().get(0);
        assertEquals(Problem.UNINITIALIZED_ACROSS_SUSPENSION, refusal.problem(), refusal::render);
        assertEquals("body", refusal.method());
        assertEquals(7, refusal.line(), refusal::render);
    }

    /**
     * The Eclipse compiler's shape for a constructor call whose object is discarded ({@code new Box(yield(x));} as a
     * statement): {@code new} with no {@code dup}, its one copy consumed by the constructor call. Built with ASM as ECJ
     * emits it; the pair is moved (ECJ's own class runs in EcjCompiledCasesTest, NewUnderOtherValuesAcrossYield).
     */
    @Test
    void apply_movesTheOneCopyOfANewWhoseObjectIsDiscarded() {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, "gen/DiscardedNew", null, "java/lang/Object", null);
        cw.visitSource("DiscardedNew.java", null);
        org.objectweb.asm.MethodVisitor mv = cw.visitMethod(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC,
                "body", "()V", null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.NEW, "java/lang/StringBuilder");
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.CHECKCAST, "java/lang/String");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(org.objectweb.asm.Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        ClassLoader loader = NewHoistingPassTest.class.getClassLoader();
        ClassRewriter.Result result = ClassRewriter.rewrite(cw.toByteArray(), ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
        assertEquals(java.util.List.of(), result.diagnostics());
        assertNotNull(result.bytes());
        java.io.StringWriter problems = new java.io.StringWriter();
        org.objectweb.asm.util.CheckClassAdapter.verify(new org.objectweb.asm.ClassReader(result.bytes()), loader, false,
                new java.io.PrintWriter(problems));
        assertEquals("", problems.toString());
    }

    /**
     * A copy stored to a local and loaded twice ({@code new; astore; aload; aload; <yield>; invokespecial}, under
     * another value): no {@code dup}, so the pass took it for ECJ's discarded object above and moved one copy, dropping
     * the second load; the code after the constructor call then ran on the value below it (a wrong value, silently;
     * AsmBuiltShapesTest runs it). Every copy on the stack at the constructor call must be one the move makes again.
     */
    @Test
    void apply_refusesAStoredCopyLoadedTwice() {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, "gen/StoredTwice", null, "java/lang/Object", null);
        cw.visitSource("StoredTwice.java", null);
        org.objectweb.asm.MethodVisitor mv = cw.visitMethod(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC,
                "body", "()Ljava/lang/Object;", null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        org.objectweb.asm.Label start = new org.objectweb.asm.Label();
        mv.visitLabel(start);
        mv.visitLineNumber(9, start);
        mv.visitLdcInsn("below");
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.NEW, "java/lang/StringBuilder");
        mv.visitVarInsn(org.objectweb.asm.Opcodes.ASTORE, 0);
        mv.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 0);
        mv.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 0);
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(org.objectweb.asm.Opcodes.CHECKCAST, "java/lang/String");
        mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        ClassLoader loader = NewHoistingPassTest.class.getClassLoader();
        ClassRewriter.Result result = ClassRewriter.rewrite(cw.toByteArray(), ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
        dev.coflow.rewriter.Guards.assertOnlyGuarded(result.bytes(), "body");
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic refusal = result.diagnostics().get(0);
        assertEquals(Problem.UNINITIALIZED_ACROSS_SUSPENSION, refusal.problem(), refusal::render);
        assertEquals(9, refusal.line(), refusal::render);
    }

    private static ClassRewriter.Result rewrite(Class<?> fixture) throws IOException {
        ClassLoader loader = NewHoistingPassTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(fixture.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        return ClassRewriter.rewrite(bytes, ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
    }
}
