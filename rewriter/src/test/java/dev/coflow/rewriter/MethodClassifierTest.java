package dev.coflow.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.MethodClassifier.Reason;
import dev.coflow.rewriter.analysis.SuspensionPointsAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Step 1 of the rewriter: each coroutine method with its one reason, and the methods left alone. */
class MethodClassifierTest {
    private static final ClassLoader LOADER = MethodClassifierTest.class.getClassLoader();

    private static byte[] bytes(String internalName) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Map<String, Reason> classify(String internalName, Predicate<String> suspendableClasses) throws IOException {
        byte[] b = bytes(internalName);
        ClassNode node = new ClassNode();
        new ClassReader(b).accept(node, 0);
        ClassHierarchy hierarchy = ClassHierarchy.of(LOADER, suspendableClasses);
        Map<String, Reason> decisions = MethodClassifier.declared(node, hierarchy, hierarchy.remember(b));
        Predicate<MethodInsnNode> suspendable = call -> SuspensionPointsAnalysis.isYieldFrom(call)
                || hierarchy.isCoroutineMethod(call.owner, call.name, call.desc);
        MethodClassifier.synthetic(node, decisions, suspendable);
        return decisions;
    }

    @Test
    void declared_annotatedAndSynthetic_eachWithItsReason() throws IOException {
        Map<String, Reason> d = classify("dev/coflow/classifyfixture/Shapes", name -> false);
        assertEquals(Reason.ANNOTATED, d.get("annotated()V"));
        assertEquals(Reason.INITIALIZER_YIELDS, d.get("<clinit>()V"));
        assertTrue(d.entrySet().stream().anyMatch(e -> e.getKey().startsWith("lambda$lambda$") && e.getValue() == Reason.SYNTHETIC_BODY), d::toString);
        assertEquals(1, d.keySet().stream().filter(k -> k.startsWith("lambda$")).count(), "the quiet lambda is left alone: " + d);
        assertFalse(d.containsKey("plain()I"), d::toString);
        assertFalse(d.containsKey("lambda()Ljava/util/function/Supplier;"), d::toString);
        assertFalse(d.containsKey("<init>()V"), "a constructor that does not yield is left alone: " + d);
    }

    @Test
    void declared_anOverrideOfACoroutineMethodIsOne_aPlainMethodOfTheSameClassIsNot() throws IOException {
        Map<String, Reason> d = classify("dev/coflow/classifyfixture/Shapes$Impl", name -> false);
        assertEquals(Map.of("next()I", Reason.OVERRIDES_COROUTINE_METHOD), d);
    }

    @Test
    void declared_everyMethodOfASuspendableClass_implicitly() throws IOException {
        Map<String, Reason> d = classify("dev/coflow/classifyfixture/Library", name -> name.equals("dev/coflow/classifyfixture/Library"));
        assertEquals(Map.of("<init>()V", Reason.SUSPENDABLE_CLASS, "work()I", Reason.SUSPENDABLE_CLASS), d);
        assertTrue(d.values().stream().allMatch(Reason::implicit));
        assertFalse(Reason.ANNOTATED.implicit() || Reason.OVERRIDES_COROUTINE_METHOD.implicit() || Reason.SYNTHETIC_BODY.implicit());
    }

    @Test
    void declared_aSuspendableClassKeepsAnAnnotatedMethodsReason() throws IOException {
        Map<String, Reason> d = classify("dev/coflow/classifyfixture/Shapes", name -> name.equals("dev/coflow/classifyfixture/Shapes"));
        assertEquals(Reason.ANNOTATED, d.get("annotated()V"));
        assertEquals(Reason.SUSPENDABLE_CLASS, d.get("plain()I"));
        // a synthetic body already taken by the option keeps that reason: its refusals stay implicit
        assertTrue(d.entrySet().stream().filter(e -> e.getKey().startsWith("lambda$")).allMatch(e -> e.getValue() == Reason.SUSPENDABLE_CLASS), d::toString);
    }

    /** A synthetic static {@code access$...} built from {@code build}'s instructions. */
    private static org.objectweb.asm.tree.MethodNode accessor(int access, String name, String desc, java.util.function.Consumer<org.objectweb.asm.MethodVisitor> build) {
        org.objectweb.asm.tree.MethodNode m = new org.objectweb.asm.tree.MethodNode(access, name, desc, null, null);
        m.visitCode();
        m.visitLineNumber(7, new org.objectweb.asm.Label()); // debug info is not code
        build.accept(m);
        m.visitEnd();
        return m;
    }

    private static final int SYNTHETIC_STATIC = org.objectweb.asm.Opcodes.ACC_STATIC | org.objectweb.asm.Opcodes.ACC_SYNTHETIC;

    @Test
    void accessorTarget_theMethodAnAccessorOnlyForwardsTo() {
        var ecj = accessor(SYNTHETIC_STATIC, "access$0", "(ILjava/lang/String;)I", mv -> {
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 0);
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 1);
            mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "p/O", "h", "(ILjava/lang/String;)I", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        });
        assertEquals("h(ILjava/lang/String;)I", MethodClassifier.accessorTarget("p/O", ecj));
        var javac8 = accessor(SYNTHETIC_STATIC, "access$100", "(Lp/O;JD)V", mv -> {
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 0);
            mv.visitVarInsn(org.objectweb.asm.Opcodes.LLOAD, 1);
            mv.visitVarInsn(org.objectweb.asm.Opcodes.DLOAD, 3);
            mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESPECIAL, "p/O", "mine", "(JD)V", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.RETURN);
        });
        assertEquals("mine(JD)V", MethodClassifier.accessorTarget("p/O", javac8));
    }

    @Test
    void accessorTarget_noneForWhatDoesMoreOrOtherThanForward() {
        java.util.function.Consumer<org.objectweb.asm.MethodVisitor> forward = mv -> {
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 0);
            mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "p/O", "h", "(I)I", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        };
        assertEquals("h(I)I", MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "access$0", "(I)I", forward)));
        // not synthetic, not static, another name, another class's method
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(org.objectweb.asm.Opcodes.ACC_STATIC, "access$0", "(I)I", forward)));
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(org.objectweb.asm.Opcodes.ACC_SYNTHETIC, "access$0", "(I)I", forward)));
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "lambda$0", "(I)I", forward)));
        assertEquals(null, MethodClassifier.accessorTarget("p/Other", accessor(SYNTHETIC_STATIC, "access$0", "(I)I", forward)));
        // an instruction more, before or after the call
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "access$0", "(I)I", mv -> {
            mv.visitInsn(org.objectweb.asm.Opcodes.NOP);
            forward.accept(mv);
        })));
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "access$0", "(I)I", mv -> {
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 0);
            mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "p/O", "h", "(I)I", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.ICONST_1);
            mv.visitInsn(org.objectweb.asm.Opcodes.IADD);
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        })));
        // a field accessor, and parameters passed out of order
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "access$000", "()I", mv -> {
            mv.visitFieldInsn(org.objectweb.asm.Opcodes.GETSTATIC, "p/O", "secret", "I");
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        })));
        assertEquals(null, MethodClassifier.accessorTarget("p/O", accessor(SYNTHETIC_STATIC, "access$0", "(II)I", mv -> {
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 1);
            mv.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 0);
            mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "p/O", "h", "(II)I", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        })));
    }
}
