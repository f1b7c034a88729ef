package dev.coflow.rewriter.analysis;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Reads a method: the type of every local and stack value before each instruction (precise
 * reference types, from {@link HierarchyVerifier}), and the control-flow graph, exception edges
 * included. Unreachable instructions have a {@code null} frame.
 *
 * @param frames     per instruction index, the values before it executes, or {@code null} if unreachable
 * @param successors per instruction index, the indices it can continue at (normal flow)
 * @param handlers   per instruction index, the handler entry indices that an exception in it can reach: a
 *                   handler listed after a catch-all entry covering the instruction is left out, since the
 *                   JVM picks the first matching entry and a catch-all matches every exception
 * @param merged     per instruction index, every handler entry index whose range covers the instruction, shadowed or
 *                   not: the verifier merges the instruction's frame into each of them, so a value the code of a
 *                   shadowed handler (or of a handler covering that code) reads must be set wherever the
 *                   instruction's frame says it is, on a resume too; see {@link LivenessAnalysis}
 */
public record FrameAnalysis(Frame<BasicValue>[] frames, List<List<Integer>> successors, List<List<Integer>> handlers,
                            List<List<Integer>> merged) {

    /** Analyses {@code method} of {@code owner}. */
    public static FrameAnalysis of(ClassNode owner, MethodNode method, ClassHierarchy hierarchy) throws AnalyzerException {
        int size = method.instructions.size();
        List<List<Integer>> successors = new ArrayList<>(size);
        List<List<Integer>> handlers = new ArrayList<>(size);
        List<List<Integer>> merged = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            successors.add(new ArrayList<>(2));
            handlers.add(new ArrayList<>(1));
            merged.add(new ArrayList<>(1));
        }
        boolean[] shadowed = new boolean[size];
        HierarchyVerifier verifier = new HierarchyVerifier(hierarchy, owner.name, owner.superName,
                owner.interfaces, (owner.access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0);
        Analyzer<BasicValue> analyzer = new Analyzer<>(verifier) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                successors.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode handler) {
                // Entries come in exception-table order each time insn is visited. Behind a catch-all
                // (javac's synchronized release handler) an outer catch is never reached from insn:
                // see cases/SynchronizedBlockWithoutYield. The frame is still merged, as the verifier does.
                int target = method.instructions.indexOf(handler.handler);
                if (!merged.get(insn).contains(target)) {
                    merged.get(insn).add(target);
                }
                if (!shadowed[insn]) {
                    if (!handlers.get(insn).contains(target)) {
                        handlers.get(insn).add(target);
                    }
                    shadowed[insn] = handler.type == null || handler.type.equals("java/lang/Throwable");
                }
                return true;
            }
        };
        Frame<BasicValue>[] frames = AsmApi.limited(analyzer).analyze(owner.name, method);
        return new FrameAnalysis(frames, successors, handlers, merged);
    }
}
