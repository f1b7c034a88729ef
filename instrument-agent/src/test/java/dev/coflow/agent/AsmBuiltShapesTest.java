package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.Roots;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.TypeReference;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Shapes javac does not write, built with ASM: each class is rewritten, checked with {@code CheckClassAdapter}, loaded
 * with the verifier on, run as a coroutine and compared with what the JVM does with the same code where the yields
 * return at once (the values below are worked out from the bytecode; each test says how). Catalogue 18 and 19 (copies
 * of an object under construction that the rewriter cannot move: refused), 30 (duplicate and overlapping handler
 * entries), 52 (a dynamic constant across a yield) and 58 (a local variable table entry of the wrong type, and type
 * annotations on a local and on an instruction, across a yield).
 */
class AsmBuiltShapesTest {
    private static final String YIELD_DESC = "(Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String COROUTINES = "dev/coflow/Coroutines";

    /** The class {@code gen/<name>} with the methods {@code methods} writes, built with frames computed by ASM. */
    private static byte[] build(String name, java.util.function.Consumer<ClassWriter> methods) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "gen/" + name, null, "java/lang/Object", null);
        writer.visitSource(name + ".java", null);
        methods.accept(writer);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static MethodVisitor coroutine(ClassWriter writer, String name, String desc) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, desc, null, null);
        m.visitAnnotation("Ldev/coflow/Coroutine;", false).visitEnd();
        m.visitCode();
        return m;
    }

    private static void yieldValue(MethodVisitor m, Object value) {
        m.visitLdcInsn(value);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", YIELD_DESC, false);
    }

    private static ClassRewriter.Result rewrite(String internalName, byte[] bytes) {
        ClassLoader loader = AsmBuiltShapesTest.class.getClassLoader();
        ClassHierarchy hierarchy = new ClassHierarchy(n -> {
            if (n.equals(internalName)) {
                return bytes;
            }
            try (var in = loader.getResourceAsStream(n + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        return ClassRewriter.rewrite(bytes, hierarchy, ClassRewriter.Options.DEFAULT);
    }

    /** Rewritten (every diagnostic fails the test), checked and defined in a loader of its own. */
    private static Class<?> rewrittenAndLoaded(String name, byte[] bytes) throws Exception {
        String internalName = "gen/" + name;
        ClassRewriter.Result result = rewrite(internalName, bytes);
        assertEquals(List.of(), result.diagnostics().stream().map(Diagnostic::render).toList(), name + " was refused");
        assertNotNull(result.bytes(), name + " was not rewritten");
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(result.bytes()), AsmBuiltShapesTest.class.getClassLoader(), false,
                new PrintWriter(problems));
        assertEquals("", problems.toString(), name + ": CheckClassAdapter");
        return new OneClassLoader().define(internalName.replace('/', '.'), result.bytes());
    }

    private static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(AsmBuiltShapesTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private static CaseHarness.Driven drive(Class<?> c, String method, Object... sends) throws Exception {
        Method m = c.getDeclaredMethod(method);
        return CaseHarness.drive(Roots.coroutine(m), Arrays.asList(sends));
    }

    // ---------------------------------------------------------------- 52: a dynamic constant across a yield

    /**
     * {@code body} loads a dynamic constant ({@code bsm} makes it: its name and {@code "!"}, counting its calls),
     * keeps it on the stack under a yield, appends the value sent in, then loads the same constant again and appends
     * it: sent {@code "s"}, it returns {@code "x!sx!"}. The JVM resolves a constant-pool entry once, however many
     * {@code ldc}s name it, so the bootstrap method runs once, in the rewritten class as in the original.
     */
    @Test
    void dynamicConstant_keptAcrossAYield_resolvesOnceAndRunsExactly() throws Exception {
        String owner = "gen/Condy";
        Handle bsm = new Handle(Opcodes.H_INVOKESTATIC, owner, "bsm",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/String;", false);
        ConstantDynamic constant = new ConstantDynamic("x", "Ljava/lang/String;", bsm);
        byte[] bytes = build("Condy", w -> {
            w.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "calls", "I", null, null).visitEnd();
            MethodVisitor b = w.visitMethod(Opcodes.ACC_STATIC, "bsm", bsm.getDesc(), null, null);
            b.visitCode();
            b.visitFieldInsn(Opcodes.GETSTATIC, owner, "calls", "I");
            b.visitInsn(Opcodes.ICONST_1);
            b.visitInsn(Opcodes.IADD);
            b.visitFieldInsn(Opcodes.PUTSTATIC, owner, "calls", "I");
            b.visitVarInsn(Opcodes.ALOAD, 1);
            b.visitLdcInsn("!");
            b.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
            b.visitInsn(Opcodes.ARETURN);
            b.visitMaxs(0, 0);
            b.visitEnd();

            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            m.visitLdcInsn(constant);
            yieldValue(m, "y");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
            m.visitLdcInsn(constant);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        Class<?> c = rewrittenAndLoaded("Condy", bytes);
        CaseHarness.Driven run = drive(c, "body", "s");
        assertEquals(List.of("y"), run.yields());
        assertEquals("x!sx!", run.result());
        assertEquals(1, c.getField("calls").getInt(null), "bootstrap method calls");
        // a second coroutine of the same class: the constant stays resolved
        assertEquals("x!tx!", drive(c, "body", "t").result());
        assertEquals(1, c.getField("calls").getInt(null), "bootstrap method calls");
    }

    // ---------------------------------------------------------------- 30: odd handler tables

    /**
     * {@code body(): try-range [start, end)} has two identical entries catching {@code IllegalStateException} (H1) and,
     * overlapping the second half, one catching {@code RuntimeException} (H2). It yields "first", keeps what was sent,
     * yields "second", then calls {@code check}: {@code "ise"} throws IllegalStateException (H1 returns "ise"), a
     * number returns it, anything else throws NumberFormatException (H2 yields "caught" and returns the exception's
     * simple name). The first matching entry of the table wins, so the order of the entries decides, as in the JVM.
     */
    @Test
    void duplicateAndOverlappingHandlerEntries_aroundYields_runExactly() throws Exception {
        String owner = "gen/Handlers";
        byte[] bytes = build("Handlers", w -> {
            MethodVisitor check = w.visitMethod(Opcodes.ACC_STATIC, "check", "(Ljava/lang/String;)I", null, null);
            check.visitCode();
            Label parse = new Label();
            check.visitVarInsn(Opcodes.ALOAD, 0);
            check.visitLdcInsn("ise");
            check.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
            check.visitJumpInsn(Opcodes.IFEQ, parse);
            check.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            check.visitInsn(Opcodes.DUP);
            check.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            check.visitInsn(Opcodes.ATHROW);
            check.visitLabel(parse);
            check.visitVarInsn(Opcodes.ALOAD, 0);
            check.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "parseInt", "(Ljava/lang/String;)I", false);
            check.visitInsn(Opcodes.IRETURN);
            check.visitMaxs(0, 0);
            check.visitEnd();

            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            Label start = new Label();
            Label middle = new Label();
            Label end = new Label();
            Label h1 = new Label();
            Label h2 = new Label();
            m.visitTryCatchBlock(start, end, h1, "java/lang/IllegalStateException");
            m.visitTryCatchBlock(start, end, h1, "java/lang/IllegalStateException");
            m.visitTryCatchBlock(middle, end, h2, "java/lang/RuntimeException");
            m.visitLabel(start);
            yieldValue(m, "first");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitVarInsn(Opcodes.ASTORE, 0);
            m.visitLabel(middle);
            yieldValue(m, "second");
            m.visitInsn(Opcodes.POP);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "check", "(Ljava/lang/String;)I", false);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            m.visitLabel(end);
            m.visitInsn(Opcodes.ARETURN);
            m.visitLabel(h1);
            m.visitInsn(Opcodes.POP);
            m.visitLdcInsn("ise");
            m.visitInsn(Opcodes.ARETURN);
            m.visitLabel(h2);
            m.visitVarInsn(Opcodes.ASTORE, 1);
            yieldValue(m, "caught");
            m.visitInsn(Opcodes.POP);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass", "()Ljava/lang/Class;", false);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getSimpleName", "()Ljava/lang/String;", false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        MethodNode original = method(bytes, "body");
        assertEquals(3, original.tryCatchBlocks.size(), "the input's handler table");

        Class<?> c = rewrittenAndLoaded("Handlers", bytes);
        CaseHarness.Driven number = drive(c, "body", "12", "-");
        assertEquals(List.of("first", "second"), number.yields());
        assertEquals(12, number.result());
        CaseHarness.Driven ise = drive(c, "body", "ise", "-");
        assertEquals(List.of("first", "second"), ise.yields());
        assertEquals("ise", ise.result());
        CaseHarness.Driven other = drive(c, "body", "twelve", "-", "-");
        assertEquals(List.of("first", "second", "caught"), other.yields());
        assertEquals("NumberFormatException", other.result());
    }

    /**
     * Catalogue 30, the other odd table: a handler entry that covers only dead code (a yield after the method's
     * {@code areturn}, reachable from nowhere), written without ASM's frame computation, which would drop it. The JVM
     * verifies dead code too, given its frames; the rewriter ignores the dead yield and keeps the method's meaning: it
     * yields "live" and returns what was sent.
     */
    @Test
    void handlerOverDeadCode_withADeadYield_runsExactly() throws Exception {
        String owner = "gen/DeadHandler";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, owner, null, "java/lang/Object", null);
        writer.visitSource("DeadHandler.java", null);
        MethodVisitor m = coroutine(writer, "body", "()Ljava/lang/Object;");
        Label dead = new Label();
        Label deadEnd = new Label();
        Label handler = new Label();
        m.visitTryCatchBlock(dead, deadEnd, handler, null);
        yieldValue(m, "live");
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(dead);
        m.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        yieldValue(m, "dead");
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(deadEnd);
        m.visitLabel(handler);
        m.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Throwable"});
        m.visitInsn(Opcodes.POP);
        m.visitLdcInsn("handler");
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        assertEquals(1, method(bytes, "body").tryCatchBlocks.size(), "the input's handler over dead code");
        OneClassLoader plain = new OneClassLoader();
        plain.define("gen.DeadHandler", bytes);
        assertNotNull(Class.forName("gen.DeadHandler", true, plain), "the JVM's verifier accepts the input");

        Class<?> c = rewrittenAndLoaded("DeadHandler", bytes);
        CaseHarness.Driven run = drive(c, "body", "sent");
        assertEquals(List.of("live"), run.yields());
        assertEquals("sent", run.result());
    }

    /**
     * A handler entry behind a catch-all over the same range (the JVM never dispatches to it from there) whose handler
     * code an outer entry covers, as the Eclipse compiler writes a record pattern's MatchException handler shared by
     * the copies of a {@code finally} block. {@code body} keeps {@code "kept"} in local 0, then in range A yields
     * "first" and returns what was sent; A's catch-all HA returns "ha". The entry after HA sends A to HS, which
     * rethrows; HS's code is covered by HX, which returns local 0. By the JVM's dispatch local 0 is dead across the
     * yield, but the verifier merges the frame at the yield into HS and HS's into HX, so a resume that did not restore
     * local 0 would leave HX reading an unset local (VerifyError). Sent "s", it returns "s".
     */
    @Test
    void handlerShadowedByACatchAll_underAnOuterHandlerThatReadsALocal_verifiesAndRunsExactly() throws Exception {
        byte[] bytes = build("Shadowed", w -> {
            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            Label aStart = new Label();
            Label aEnd = new Label();
            Label ha = new Label();
            Label hs = new Label();
            Label hsEnd = new Label();
            Label hx = new Label();
            m.visitTryCatchBlock(aStart, aEnd, ha, null);
            m.visitTryCatchBlock(aStart, aEnd, hs, "java/lang/Throwable");
            m.visitTryCatchBlock(hs, hsEnd, hx, null);
            m.visitLdcInsn("kept");
            m.visitVarInsn(Opcodes.ASTORE, 0);
            m.visitLabel(aStart);
            yieldValue(m, "first");
            m.visitVarInsn(Opcodes.ASTORE, 1);
            m.visitLabel(aEnd);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitInsn(Opcodes.ARETURN);
            m.visitLabel(ha);
            m.visitInsn(Opcodes.POP);
            m.visitLdcInsn("ha");
            m.visitInsn(Opcodes.ARETURN);
            m.visitLabel(hs);
            m.visitInsn(Opcodes.ATHROW);
            m.visitLabel(hsEnd);
            m.visitLabel(hx);
            m.visitInsn(Opcodes.POP);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        OneClassLoader plain = new OneClassLoader();
        plain.define("gen.Shadowed", bytes);
        assertNotNull(Class.forName("gen.Shadowed", true, plain), "the JVM's verifier accepts the input");

        Class<?> c = rewrittenAndLoaded("Shadowed", bytes);
        assertNotNull(Class.forName(c.getName(), true, c.getClassLoader()), "the JVM's verifier accepts the rewritten class");
        CaseHarness.Driven run = drive(c, "body", "s");
        assertEquals(List.of("first"), run.yields());
        assertEquals("s", run.result());
    }

    // ---------------------------------------------------------------- 58: debug tables javac would not write

    /**
     * {@code body} keeps a String in local 1 across a yield, but its local variable table says local 1 is an
     * {@code int} named {@code count}; a type annotation sits on that local and one on the {@code checkcast} after the
     * yield. Types come from the data flow, not the table, so it runs as written: sent {@code "b"}, it returns
     * {@code "ab"}; the tables come out consistent (CheckClassAdapter). The cast's annotation stays; the local's is
     * dropped, as design.md ("Debug info", type annotations in code) says: nothing at run time reads it.
     */
    @Test
    void localVariableTableOfTheWrongType_andTypeAnnotationsOnCode_acrossAYield_runExactly() throws Exception {
        byte[] bytes = build("Tables", w -> {
            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            Label start = new Label();
            Label end = new Label();
            m.visitLdcInsn("a");
            m.visitVarInsn(Opcodes.ASTORE, 1);
            m.visitLabel(start);
            yieldValue(m, "y");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitInsnAnnotation(TypeReference.newTypeReference(TypeReference.CAST).getValue(), null,
                    "Ljava/lang/Deprecated;", true).visitEnd();
            m.visitVarInsn(Opcodes.ASTORE, 2);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitVarInsn(Opcodes.ALOAD, 2);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
            m.visitLabel(end);
            m.visitInsn(Opcodes.ARETURN);
            m.visitLocalVariable("count", "I", null, start, end, 1);
            m.visitLocalVariableAnnotation(TypeReference.newTypeReference(TypeReference.LOCAL_VARIABLE).getValue(),
                    (TypePath) null, new Label[] {start}, new Label[] {end}, new int[] {1}, "Ljava/lang/Deprecated;", true)
                    .visitEnd();
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        MethodNode input = method(bytes, "body");
        assertEquals(1, input.visibleLocalVariableAnnotations.size(), "the input's local variable annotation");
        Class<?> c = rewrittenAndLoaded("Tables", bytes);
        CaseHarness.Driven run = drive(c, "body", "b");
        assertEquals(List.of("y"), run.yields());
        assertEquals("ab", run.result());

        ClassNode rewritten = new ClassNode();
        new ClassReader(rewrite("gen/Tables", bytes).bytes()).accept(rewritten, 0);
        boolean localAnnotation = false;
        boolean castAnnotation = false;
        for (MethodNode m : rewritten.methods) {
            localAnnotation |= m.visibleLocalVariableAnnotations != null && !m.visibleLocalVariableAnnotations.isEmpty()
                    || m.invisibleLocalVariableAnnotations != null && !m.invisibleLocalVariableAnnotations.isEmpty();
            for (var insn : m.instructions) {
                castAnnotation |= insn.getOpcode() == Opcodes.CHECKCAST && insn.visibleTypeAnnotations != null
                        && !insn.visibleTypeAnnotations.isEmpty();
            }
        }
        assertTrue(!localAnnotation, "a local variable's type annotation, with ranges of the code before rewriting, was kept");
        assertTrue(castAnnotation, "the checkcast's type annotation was dropped");
    }

    // ---------------------------------------------------------------- 18, 19: copies the rewriter cannot move

    /**
     * Catalogue 19: the object under construction stored in a local before its arguments are computed ({@code new;
     * astore; aload; aload; <argument with a yield>; invokespecial}), as an ASM user may write it (javac and kotlinc
     * keep a copy on the stack). An uninitialised value cannot be saved across a suspension and this shape cannot be
     * moved past it: refused with the reason, the method left as it was.
     */
    @Test
    void objectUnderConstructionStoredInALocal_acrossAYield_isRefused() throws Exception {
        byte[] bytes = build("StoredNew", w -> {
            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            m.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            m.visitVarInsn(Opcodes.ASTORE, 0);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            yieldValue(m, "y");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        assertRefusedAsUninitialized("gen/StoredNew", bytes);
    }

    /**
     * Catalogue 18: the object under construction moved with {@code swap} and {@code dup_x1} around the value a yield
     * returned ({@code new; <yield>; swap; dup_x1; swap; invokespecial}): it is on the stack at the yield and its copy
     * is not a {@code dup} right after the {@code new}: refused, the method left as it was.
     */
    @Test
    void objectUnderConstructionCopiedWithSwap_acrossAYield_isRefused() throws Exception {
        byte[] bytes = build("SwappedNew", w -> {
            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            m.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            yieldValue(m, "y");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitInsn(Opcodes.SWAP);
            m.visitInsn(Opcodes.DUP_X1);
            m.visitInsn(Opcodes.SWAP);
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        assertRefusedAsUninitialized("gen/SwappedNew", bytes);
    }

    /**
     * Catalogue 19, the shape that was rewritten wrongly: the same stored object under another value ({@code
     * new StringBuilder("other")}), with the copy left below the receiver used after the constructor call ({@code
     * toString} of it, returned). The pass took the stored copy for ECJ's discarded object, moved one copy and dropped
     * the other, so the method went on with the value below: it returned "other" where the JVM returns what was sent
     * (found 2026-12-06 by the test above, refused since).
     */
    @Test
    void objectUnderConstructionStoredInALocal_underAnotherValue_isRefused_notRunOnTheWrongValue() throws Exception {
        byte[] bytes = build("StoredNewUnderAnother", w -> {
            MethodVisitor m = coroutine(w, "body", "()Ljava/lang/Object;");
            m.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            m.visitInsn(Opcodes.DUP);
            m.visitLdcInsn("other");
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
            m.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            m.visitVarInsn(Opcodes.ASTORE, 0);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            yieldValue(m, "y");
            m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        });
        assertRefusedAsUninitialized("gen/StoredNewUnderAnother", bytes);
    }

    private static void assertRefusedAsUninitialized(String internalName, byte[] bytes) throws ClassNotFoundException {
        // the input is legal: the JVM's verifier accepts it (initialising the class links and verifies it)
        OneClassLoader loader = new OneClassLoader();
        loader.define(internalName.replace('/', '.'), bytes);
        assertNotNull(Class.forName(internalName.replace('/', '.'), true, loader), internalName);
        ClassRewriter.Result result = rewrite(internalName, bytes);
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.UNINITIALIZED_ACROSS_SUSPENSION, d.problem(), d.render());
        assertEquals("body", d.method(), d.render());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite " + internalName.replace('/', '.') + "#body"), text);
        assertTrue(text.contains("Fix:"), text);
        assertTrue(result.rewritten().isEmpty(), "rewritten: " + result.rewritten());
    }

    private static MethodNode method(byte[] bytes, String name) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }
}
