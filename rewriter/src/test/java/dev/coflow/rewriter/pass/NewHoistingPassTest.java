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
import org.objectweb.asm.Opcodes;

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
        ClassRewriter.Result result = rewriteBuilt("DuplicatedCopy", "()Ljava/lang/Object;", 7, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);
            mv.visitInsn(Opcodes.DUP);
            mv.visitInsn(Opcodes.POP);
            yieldAndInit(mv);
            mv.visitInsn(Opcodes.ARETURN);
        });
        assertRefusedAt(result, 7);
    }

    /**
     * The Eclipse compiler's shape for a constructor call whose object is discarded ({@code new Box(yield(x));} as a
     * statement): {@code new} with no {@code dup}, its one copy consumed by the constructor call. Built with ASM as ECJ
     * emits it; the pair is moved (ECJ's own class runs in EcjCompiledCasesTest, NewUnderOtherValuesAcrossYield).
     */
    @Test
    void apply_movesTheOneCopyOfANewWhoseObjectIsDiscarded() {
        ClassRewriter.Result result = rewriteBuilt("DiscardedNew", "()V", -1, mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            yieldAndInit(mv);
            mv.visitInsn(Opcodes.RETURN);
        });
        assertEquals(java.util.List.of(), result.diagnostics());
        assertNotNull(result.bytes());
        java.io.StringWriter problems = new java.io.StringWriter();
        org.objectweb.asm.util.CheckClassAdapter.verify(new org.objectweb.asm.ClassReader(result.bytes()),
                NewHoistingPassTest.class.getClassLoader(), false, new java.io.PrintWriter(problems));
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
        ClassRewriter.Result result = rewriteBuilt("StoredTwice", "()Ljava/lang/Object;", 9, mv -> {
            mv.visitLdcInsn("below");
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            yieldAndInit(mv);
            mv.visitInsn(Opcodes.ARETURN);
        });
        assertRefusedAt(result, 9);
    }

    /**
     * Rewrites class {@code gen/<name>}, built with ASM (frames computed), whose one static {@code @Coroutine} method
     * {@code body} has descriptor {@code desc}, starts on source line {@code line} (none when negative) and runs the
     * instructions {@code code} writes.
     */
    private static ClassRewriter.Result rewriteBuilt(String name, String desc, int line,
                                                     java.util.function.Consumer<org.objectweb.asm.MethodVisitor> code) {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/" + name, null, "java/lang/Object", null);
        cw.visitSource(name + ".java", null);
        org.objectweb.asm.MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "body", desc, null, null);
        mv.visitAnnotation("Ldev/coflow/Coroutine;", true).visitEnd();
        mv.visitCode();
        if (line > 0) {
            org.objectweb.asm.Label start = new org.objectweb.asm.Label();
            mv.visitLabel(start);
            mv.visitLineNumber(line, start);
        }
        code.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return ClassRewriter.rewrite(cw.toByteArray(), ClassHierarchy.of(NewHoistingPassTest.class.getClassLoader()),
                ClassRewriter.Options.DEFAULT);
    }

    /** {@code Coroutines.yield("x")}, its value cast to String and passed to {@code StringBuilder.<init>(String)}. */
    private static void yieldAndInit(org.objectweb.asm.MethodVisitor mv) {
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/coflow/Coroutines", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
    }

    /** Refused as UNINITIALIZED_ACROSS_SUSPENSION at {@code line}, and left as it was but for its guard. */
    private static void assertRefusedAt(ClassRewriter.Result result, int line) {
        // the refused method stays as it was but for its guard (Suspension.enterRefused at its entry)
        dev.coflow.rewriter.Guards.assertOnlyGuarded(result.bytes(), "body");
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic refusal = result.diagnostics().get(0);
        assertEquals(Problem.UNINITIALIZED_ACROSS_SUSPENSION, refusal.problem(), refusal::render);
        assertEquals("body", refusal.method());
        assertEquals(line, refusal.line(), refusal::render);
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
