package dev.coflow.rewriter.analysis;

import static dev.coflow.rewriter.analysis.HandBuilt.call;
import static dev.coflow.rewriter.analysis.HandBuilt.flow;
import static dev.coflow.rewriter.analysis.HandBuilt.indexOf;
import static dev.coflow.rewriter.analysis.HandBuilt.method;
import static dev.coflow.rewriter.analysis.HandBuilt.opcode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

class LivenessAnalysisTest {

    private static BitSet slots(int... slots) {
        BitSet out = new BitSet();
        for (int s : slots) {
            out.set(s);
        }
        return out;
    }

    /** static Object m(String a, String b) { int n = a.length(); Object got = yield(null); return b; } */
    @Test
    void acrossAYield_onlyWhatIsReadAfterIsLive() throws Exception {
        MethodNode m = method("(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;", mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitVarInsn(Opcodes.ASTORE, 3);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.ARETURN);
        });
        FrameAnalysis flow = flow(m);
        LivenessAnalysis liveness = LivenessAnalysis.of(m.instructions, flow);
        int yield = indexOf(m, call("yield"));
        assertEquals(slots(1), liveness.liveAcross(yield, flow));
        assertEquals(slots(0, 1), liveness.liveIn()[0], "both parameters are live at entry");
        assertEquals(slots(1), liveness.liveIn()[indexOf(m, opcode(Opcodes.ISTORE))], "a is dead once read; n is never read");
        assertEquals(slots(), liveness.liveIn()[indexOf(m, opcode(Opcodes.ARETURN))], "nothing after the last read");
    }

    /** A local read only in a handler that covers the suspension point is live across it (exception edge). */
    @Test
    void aLocalReadOnlyInAHandler_isLiveAcrossTheCoveredCall() throws Exception {
        MethodNode m = method("(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;", mv -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            HandBuilt.yieldValue(mv);
            mv.visitLabel(end);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(handler);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.ARETURN);
        });
        FrameAnalysis flow = flow(m);
        LivenessAnalysis liveness = LivenessAnalysis.of(m.instructions, flow);
        assertEquals(slots(1), liveness.liveAcross(indexOf(m, call("yield")), flow));
        // and before the covered instructions too: the exception edges are part of the data flow, not only of liveAcross
        assertEquals(slots(0, 1), liveness.liveIn()[indexOf(m, opcode(Opcodes.ALOAD))]);
        assertEquals(slots(1), liveness.liveIn()[indexOf(m, call("yield"))]);
    }

    /** A local read at the top of a loop is live across a yield at its bottom (the back edge): the fixpoint iterates. */
    @Test
    void aLocalReadAtTheLoopTop_isLiveAcrossAYieldAtItsBottom() throws Exception {
        MethodNode m = method("(Ljava/lang/String;)V", mv -> {
            Label top = new Label();
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitLabel(top);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            mv.visitInsn(Opcodes.POP);
            mv.visitIincInsn(1, 1);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitJumpInsn(Opcodes.GOTO, top);
        });
        FrameAnalysis flow = flow(m);
        LivenessAnalysis liveness = LivenessAnalysis.of(m.instructions, flow);
        // iinc reads slot 1, and the loop comes back to it
        assertEquals(slots(0, 1), liveness.liveAcross(indexOf(m, call("yield")), flow));
        assertEquals(slots(0), liveness.liveIn()[indexOf(m, opcode(Opcodes.ICONST_0))], "slot 1 is written before it is read");
    }

    /** Two-slot values: a long in slots 1-2 is live by its first slot; a dead long store is not live. */
    @Test
    void longs_areLiveByTheirFirstSlot() throws Exception {
        MethodNode m = method("(J)J", mv -> {
            mv.visitVarInsn(Opcodes.LLOAD, 0);
            mv.visitVarInsn(Opcodes.LSTORE, 2);
            mv.visitLdcInsn(7L);
            mv.visitVarInsn(Opcodes.LSTORE, 4);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.LLOAD, 2);
            mv.visitInsn(Opcodes.LRETURN);
        });
        FrameAnalysis flow = flow(m);
        LivenessAnalysis liveness = LivenessAnalysis.of(m.instructions, flow);
        assertEquals(slots(2), liveness.liveAcross(indexOf(m, call("yield")), flow));
    }

    @Test
    void unreachableInstructions_haveNothingLive() throws Exception {
        MethodNode m = method("(Ljava/lang/String;)Ljava/lang/Object;", mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.ARETURN);
        });
        LivenessAnalysis liveness = LivenessAnalysis.of(m.instructions, flow(m));
        assertEquals(slots(0), liveness.liveIn()[0]);
        assertEquals(slots(), liveness.liveIn()[2]);
    }
}
