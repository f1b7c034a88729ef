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

    /** The lines of the fixture's method as javac wrote it. */
    private static Set<Integer> originalLines(String name, String descriptor) throws IOException {
        ClassNode node = new ClassNode();
        try (InputStream in = DebugInfoTest.class.getClassLoader().getResourceAsStream(FIXTURE + ".class")) {
            new ClassReader(in.readAllBytes()).accept(node, 0);
        }
        Set<Integer> lines = new HashSet<>();
        for (MethodNode m : node.methods) {
            if (m.name.equals(name) && m.desc.equals(descriptor)) {
                for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof LineNumberNode ln) {
                        lines.add(ln.line);
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void rewrite_keepsLineNumbersAndValidLocalVariableTables() throws IOException {
        ClassNode node = rewritten();
        int bodies = 0;
        for (MethodNode m : node.methods) {
            if (m.name.startsWith(BytecodeContract.SPILL_PREFIX)) {
                // a spill method carries its point's line, on an instruction that never runs (DebugLines)
                assertEquals(1, m.instructions.size() == 0 ? 0 : (int) java.util.stream.StreamSupport.stream(m.instructions.spliterator(), false)
                        .filter(insn -> insn instanceof LineNumberNode).count(), m.name + " has its point's line");
                continue;
            }
            if (m.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                // an entry carries its method's first line, on an instruction that never runs, as the bridge does
                String method = m.name.substring(BytecodeContract.VIRTUAL_ENTRY_PREFIX.length());
                java.util.List<Integer> entryLines = java.util.stream.StreamSupport.stream(m.instructions.spliterator(), false)
                        .filter(insn -> insn instanceof LineNumberNode).map(insn -> ((LineNumberNode) insn).line).toList();
                assertEquals(java.util.List.of(java.util.Collections.min(originalLines(method, BytecodeContract.originalDescriptor(m.desc)))),
                        entryLines, m.name + " has its method's first line");
                continue;
            }
            boolean body = m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")") || m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")");
            if (!body || m.name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)) {
                continue;
            }
            bodies++;
            Set<Integer> lines = new HashSet<>();
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    lines.add(ln.line);
                }
            }
            if (m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")")) {
                // the resume body: the user's lines, and the line before the first for its dispatch (DebugLines.entryLines)
                assertTrue(lines.size() > 1, m.name + " lost its line numbers");
            } else {
                // the fresh body: no dispatch, so only the user's lines, from its first instruction on
                Set<Integer> original = originalLines(m.name, BytecodeContract.originalDescriptor(m.desc));
                assertTrue(!lines.isEmpty() && original.containsAll(lines), m.name + ": lines " + lines + " of " + original);
                AbstractInsnNode first = m.instructions.getFirst();
                while (first.getOpcode() < 0 && !(first instanceof LineNumberNode)) {
                    first = first.getNext();
                }
                assertTrue(first instanceof LineNumberNode, m.name + ": code before its first line");
            }
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

    /**
     * Bridges and resume adapters have a line (a debugger's frame shows it), on an instruction that never
     * runs (a line breakpoint, set at the start of each entry of its line, never stops in them); each body
     * comes before its bridge (jdb breaks at the first location of a line only).
     */
    @Test
    void rewrite_bridgesAndAdaptersHaveLinesNoBreakpointStopsAt_andBodiesComeFirst() throws Exception {
        ClassNode node = rewritten();
        int bridges = 0;
        int adapters = 0;
        for (int i = 0; i < node.methods.size(); i++) {
            MethodNode m = node.methods.get(i);
            boolean adapter = m.name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX);
            String bodyDescriptor = m.desc.replace(")", BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")");
            int body = -1;
            for (int j = 0; j < node.methods.size(); j++) {
                if (node.methods.get(j).name.equals(m.name) && node.methods.get(j).desc.equals(bodyDescriptor)) {
                    body = j;
                }
            }
            if (!adapter && body < 0) {
                continue;
            }
            if (adapter) {
                adapters++;
            } else {
                bridges++;
                assertEquals(i - 1, body, m.name + m.desc + ": its body must come right before it");
            }
            org.objectweb.asm.tree.analysis.Frame<?>[] frames = new org.objectweb.asm.tree.analysis.Analyzer<>(
                    new org.objectweb.asm.tree.analysis.BasicInterpreter()).analyze(node.name, m);
            int lines = 0;
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    lines++;
                    AbstractInsnNode first = ln.start;
                    while (first.getOpcode() < 0) {
                        first = first.getNext();
                    }
                    assertTrue(ln.line > 0, m.name + ": line " + ln.line);
                    assertEquals(null, frames[m.instructions.indexOf(first)], m.name + m.desc + ": line " + ln.line + " starts at code that runs");
                }
            }
            assertEquals(1, lines, m.name + m.desc + " must have exactly one line entry");
        }
        assertTrue(bridges > 0 && adapters == bridges, bridges + " bridges, " + adapters + " adapters");
    }

    @Test
    void rewrite_bridgeKeepsAnnotationsForReflection() throws Exception {
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
