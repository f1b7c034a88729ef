package dev.coflow.rewriter.analysis;

import static dev.coflow.rewriter.analysis.HandBuilt.call;
import static dev.coflow.rewriter.analysis.HandBuilt.flow;
import static dev.coflow.rewriter.analysis.HandBuilt.indexOf;
import static dev.coflow.rewriter.analysis.HandBuilt.method;
import static dev.coflow.rewriter.analysis.HandBuilt.opcode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

class MonitorAnalysisTest {

    /** synchronized (a) { synchronized (b) { yield(null); } yield(null); } yield(null); with javac's release handlers. */
    private static MethodNode nested() {
        return method("(Ljava/lang/Object;Ljava/lang/Object;)V", mv -> {
            Label outerStart = new Label();
            Label outerEnd = new Label();
            Label outerRelease = new Label();
            Label innerStart = new Label();
            Label innerEnd = new Label();
            Label innerRelease = new Label();
            Label after = new Label();
            mv.visitTryCatchBlock(innerStart, innerEnd, innerRelease, null);
            mv.visitTryCatchBlock(outerStart, outerEnd, outerRelease, null);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.MONITORENTER);
            mv.visitLabel(outerStart);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.MONITORENTER);
            mv.visitLabel(innerStart);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.MONITOREXIT);
            mv.visitLabel(innerEnd);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.MONITOREXIT);
            mv.visitLabel(outerEnd);
            mv.visitJumpInsn(Opcodes.GOTO, after);
            mv.visitLabel(innerRelease);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.MONITOREXIT);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(outerRelease);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.MONITOREXIT);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(after);
            mv.visitInsn(Opcodes.ACONST_NULL);
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitInsn(Opcodes.NOP); // unreachable
            mv.visitInsn(Opcodes.RETURN);
        });
    }

    @Test
    void depth_countsTheMonitorsHeldBeforeEachInstruction() throws Exception {
        MethodNode m = nested();
        MonitorAnalysis monitors = MonitorAnalysis.of(m.instructions, flow(m));
        int[] depth = monitors.depth();
        assertEquals(0, depth[0]);
        assertEquals(0, depth[indexOf(m, opcode(Opcodes.MONITORENTER), 0)], "before the first monitorenter");
        assertEquals(1, depth[indexOf(m, opcode(Opcodes.MONITORENTER), 1)], "before the second");
        assertEquals(2, depth[indexOf(m, call("yield"), 0)], "inside both blocks");
        assertEquals(1, depth[indexOf(m, call("yield"), 1)], "inside the outer block only");
        assertEquals(0, depth[indexOf(m, call("yield"), 2)], "after both blocks");
    }

    @Test
    void handlers_startAtTheDepthOfTheInstructionsThatReachThem() throws Exception {
        MethodNode m = nested();
        int[] depth = MonitorAnalysis.of(m.instructions, flow(m)).depth();
        // the inner release handler covers code that holds both monitors; it releases b and rethrows
        int innerRelease = indexOf(m, opcode(Opcodes.MONITOREXIT), 2);
        assertEquals(2, depth[innerRelease]);
        int outerRelease = indexOf(m, opcode(Opcodes.MONITOREXIT), 3);
        // inside the inner block the inner catch-all is listed first and catches everything, so only the outer
        // block's own instructions (one monitor held) reach the outer handler
        assertEquals(1, depth[outerRelease]);
    }

    @Test
    void unreachableInstructions_areMinusOne() throws Exception {
        MethodNode m = nested();
        int[] depth = MonitorAnalysis.of(m.instructions, flow(m)).depth();
        assertEquals(-1, depth[indexOf(m, opcode(Opcodes.NOP))]);
    }

    @Test
    void emptyMethod_hasNoDepths() {
        MethodNode m = new MethodNode();
        assertEquals(0, MonitorAnalysis.of(m.instructions, null).depth().length);
    }
}
