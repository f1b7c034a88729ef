package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/** Debug information survives rewriting: lines, local variable tables, and what reflection sees. */
class DebugInfoTest {
    private static final String FIXTURE = "dev/coflow/agent/cases/LongAndDoubleLocalsWithGaps";

    private static ClassNode rewritten() throws IOException {
        ClassLoader loader = DebugInfoTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(FIXTURE + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
        assertNotNull(result.bytes());
        ClassNode node = new ClassNode();
        new ClassReader(result.bytes()).accept(node, 0);
        return node;
    }

    @Test
    void rewrite_keepsLineNumbersAndValidLocalVariableTables() throws IOException {
        ClassNode node = rewritten();
        int bodies = 0;
        for (MethodNode m : node.methods) {
            if (!m.desc.contains(BytecodeContract.FRAME_DESCRIPTOR) || m.name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)) {
                continue;
            }
            bodies++;
            Set<Integer> lines = new HashSet<>();
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    lines.add(ln.line);
                }
            }
            assertTrue(lines.size() > 1, m.name + " lost its line numbers");
            for (LocalVariableNode v : m.localVariables) {
                int start = m.instructions.indexOf(v.start);
                int end = m.instructions.indexOf(v.end);
                assertTrue(start <= end, m.name + ": range of " + v.name + " is reversed");
                assertTrue(v.index + (v.desc.equals("J") || v.desc.equals("D") ? 2 : 1) <= m.maxLocals,
                        m.name + ": " + v.name + " in slot " + v.index + " beyond max locals " + m.maxLocals);
                assertTrue(!v.name.equals("this") || v.index == 0, "this moved");
            }
            assertTrue((m.access & Opcodes.ACC_SYNTHETIC) != 0 && (m.access & Opcodes.ACC_PRIVATE) != 0, m.name);
        }
        assertTrue(bodies > 0, "no rewritten body found");
    }

    @Test
    void rewrite_bridgeKeepsAnnotationsAndParameterNamesForReflection() throws Exception {
        Class<?> fixture = CaseHarness.load("MethodReferenceAsBody");
        int annotated = 0;
        for (Method m : fixture.getDeclaredMethods()) {
            if (m.isSynthetic()) {
                continue;
            }
            if (m.isAnnotationPresent(Coroutine.class)) {
                annotated++;
            }
        }
        assertTrue(annotated > 0, "no @Coroutine method visible through reflection");
        ClassNode node = rewritten();
        for (MethodNode m : node.methods) {
            if (m.name.equals("body") && m.desc.equals("()V")) {
                assertEquals(1, m.visibleAnnotations.size());
                assertEquals(BytecodeContract.COROUTINE_DESCRIPTOR, m.visibleAnnotations.get(0).desc);
            }
        }
    }
}
