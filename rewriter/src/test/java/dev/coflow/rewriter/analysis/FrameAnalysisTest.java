package dev.coflow.rewriter.analysis;

import static dev.coflow.rewriter.analysis.HandBuilt.call;
import static dev.coflow.rewriter.analysis.HandBuilt.flow;
import static dev.coflow.rewriter.analysis.HandBuilt.indexOf;
import static dev.coflow.rewriter.analysis.HandBuilt.method;
import static dev.coflow.rewriter.analysis.HandBuilt.opcode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

class FrameAnalysisTest {

    @Test
    void successors_ofBranchesGotosAndReturns() throws Exception {
        MethodNode m = method("(I)I", mv -> {
            Label zero = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFEQ, zero);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(zero);
            mv.visitInsn(Opcodes.ICONST_2);
            mv.visitInsn(Opcodes.IRETURN);
        });
        FrameAnalysis flow = flow(m);
        int ifeq = indexOf(m, opcode(Opcodes.IFEQ));
        int label = m.instructions.indexOf(((org.objectweb.asm.tree.JumpInsnNode) m.instructions.get(ifeq)).label);
        assertEquals(List.of(ifeq + 1, label), flow.successors().get(ifeq).stream().sorted().toList());
        assertEquals(List.of(), flow.successors().get(indexOf(m, opcode(Opcodes.IRETURN))));
        assertEquals(List.of(), flow.handlers().get(ifeq));
    }

    @Test
    void handlers_areListedForCoveredInstructionsOnly() throws Exception {
        MethodNode m = method("()Ljava/lang/Object;", mv -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
            mv.visitLabel(start);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitLabel(end);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(handler);
            mv.visitInsn(Opcodes.ARETURN);
        });
        FrameAnalysis flow = flow(m);
        int handler = m.instructions.indexOf(m.tryCatchBlocks.get(0).handler);
        assertEquals(List.of(handler), flow.handlers().get(indexOf(m, call("yield"))));
        assertEquals(List.of(), flow.handlers().get(indexOf(m, opcode(Opcodes.ARETURN))));
        // the handler's frame has the caught exception on the stack, with its precise type
        assertEquals(Type.getObjectType("java/lang/IllegalStateException"), flow.frames()[handler].getStack(0).getType());
    }

    /** Two handlers cover one call: a catch-all listed first hides the second; listed second, both are reached. */
    @Test
    void handlers_behindACatchAll_areLeftOut() throws Exception {
        for (boolean catchAllFirst : new boolean[] {true, false}) {
            MethodNode m = method("()Ljava/lang/Object;", mv -> {
                Label start = new Label();
                Label end = new Label();
                Label all = new Label();
                Label some = new Label();
                if (catchAllFirst) {
                    mv.visitTryCatchBlock(start, end, all, null);
                    mv.visitTryCatchBlock(start, end, some, "java/lang/IllegalStateException");
                } else {
                    mv.visitTryCatchBlock(start, end, some, "java/lang/IllegalStateException");
                    mv.visitTryCatchBlock(start, end, all, null);
                }
                mv.visitLabel(start);
                mv.visitInsn(Opcodes.ACONST_NULL);
                HandBuilt.yieldValue(mv);
                mv.visitLabel(end);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitLabel(all);
                mv.visitInsn(Opcodes.ATHROW);
                mv.visitLabel(some);
                mv.visitInsn(Opcodes.ARETURN);
            });
            FrameAnalysis flow = flow(m);
            int all = m.instructions.indexOf(m.tryCatchBlocks.get(catchAllFirst ? 0 : 1).handler);
            int some = m.instructions.indexOf(m.tryCatchBlocks.get(catchAllFirst ? 1 : 0).handler);
            List<Integer> expected = catchAllFirst ? List.of(all) : List.of(some, all);
            assertEquals(expected, flow.handlers().get(indexOf(m, call("yield"))), "catch-all first: " + catchAllFirst);
        }
    }

    /** Types come from class-file bytes: String and Integer merge to Object, ArrayList and LinkedList to AbstractList. */
    @Test
    void frames_havePreciseTypes_mergedThroughTheClassHierarchy() throws Exception {
        MethodNode m = method("(I)V", mv -> {
            Label other = new Label();
            Label join = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFEQ, other);
            mv.visitLdcInsn("s");
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            mv.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/ArrayList", "<init>", "()V", false);
            mv.visitVarInsn(Opcodes.ASTORE, 2);
            mv.visitJumpInsn(Opcodes.GOTO, join);
            mv.visitLabel(other);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            mv.visitTypeInsn(Opcodes.NEW, "java/util/LinkedList");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/LinkedList", "<init>", "()V", false);
            mv.visitVarInsn(Opcodes.ASTORE, 2);
            mv.visitLabel(join);
            mv.visitInsn(Opcodes.NOP);
            mv.visitInsn(Opcodes.RETURN);
        });
        FrameAnalysis flow = flow(m);
        int gotoJoin = indexOf(m, opcode(Opcodes.GOTO));
        assertEquals(Type.getObjectType("java/lang/String"), flow.frames()[gotoJoin].getLocal(1).getType());
        assertEquals(Type.getObjectType("java/util/ArrayList"), flow.frames()[gotoJoin].getLocal(2).getType());
        int nop = indexOf(m, opcode(Opcodes.NOP));
        assertEquals(Type.getObjectType("java/lang/Object"), flow.frames()[nop].getLocal(1).getType());
        assertEquals(Type.getObjectType("java/util/AbstractList"), flow.frames()[nop].getLocal(2).getType());
        assertEquals(Type.INT_TYPE, flow.frames()[nop].getLocal(0).getType());
    }

    @Test
    void unreachableInstructions_haveNoFrame() throws Exception {
        MethodNode m = method("()V", mv -> {
            mv.visitInsn(Opcodes.RETURN);
            mv.visitInsn(Opcodes.NOP);
            mv.visitInsn(Opcodes.RETURN);
        });
        FrameAnalysis flow = flow(m);
        assertNotNull(flow.frames()[0]);
        assertNull(flow.frames()[1]);
        assertEquals(List.of(), flow.successors().get(1));
    }

    @Test
    void badCode_isAnAnalyzerException() {
        MethodNode m = method("()V", mv -> {
            mv.visitInsn(Opcodes.POP); // nothing to pop
            mv.visitInsn(Opcodes.RETURN);
        });
        assertThrows(AnalyzerException.class, () -> flow(m));
    }
}
