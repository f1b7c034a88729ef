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
}
