package dev.coflow.rewriter.analysis;

import static dev.coflow.rewriter.analysis.HandBuilt.COROUTINES;
import static dev.coflow.rewriter.analysis.HandBuilt.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

class SuspensionPointsAnalysisTest {

    private static String summary(List<SuspensionPoint> points) {
        StringBuilder out = new StringBuilder();
        for (SuspensionPoint p : points) {
            out.append(p.state()).append(':').append(p.kind()).append(':').append(p.call().name).append('@').append(p.line()).append(' ');
        }
        return out.toString().trim();
    }

    @Test
    void yields_areNumberedFromOneInInstructionOrder_withTheirLines() {
        MethodNode m = method("()V", mv -> {
            Label first = new Label();
            mv.visitLabel(first);
            mv.visitLineNumber(10, first);
            mv.visitLdcInsn("a");
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            Label second = new Label();
            mv.visitLabel(second);
            mv.visitLineNumber(12, second);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", "()Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        });
        List<SuspensionPoint> points = SuspensionPointsAnalysis.of(m, null, call -> false);
        assertEquals("1:YIELD:yield@10 2:YIELD:yield@12", summary(points));
        for (SuspensionPoint p : points) {
            assertSame(p.call(), m.instructions.get(p.index()), "index is the call's position in the list");
        }
    }

    @Test
    void onlyCoroutinesYieldIsAYield_ownerNameAndDescriptorMatched() {
        MethodNode m = method("()V", mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "yield", "()V", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Other", "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", "(I)Ljava/lang/Object;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yieldy", "()Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.RETURN);
        });
        assertEquals("", summary(SuspensionPointsAnalysis.of(m, null, call -> false)));
    }

    @Test
    void yieldFromAndYieldAll_areCalls_whateverThePredicateSays() {
        MethodNode m = method("()V", mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yieldFrom", "(Ldev/coflow/CoroutineHandle;)Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yieldAll", "(Ljava/lang/Iterable;)V", false);
            mv.visitInsn(Opcodes.RETURN);
        });
        assertEquals("1:CALL:yieldFrom@-1 2:CALL:yieldAll@-1", summary(SuspensionPointsAnalysis.of(m, null, call -> false)));
    }

    @Test
    void callsThePredicateAccepts_areCallPoints_butNeverAConstructor() {
        MethodNode m = method("()V", mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "gen/Task");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "gen/Task", "<init>", "()V", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "gen/Task", "run", "()V", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Task", "plain", "()V", false);
            mv.visitInsn(Opcodes.RETURN);
        });
        // the predicate would take anything of gen/Task: <init> must still not be a point
        List<SuspensionPoint> points = SuspensionPointsAnalysis.of(m, null, call -> call.owner.equals("gen/Task") && !call.name.equals("plain"));
        assertEquals("1:CALL:run@-1", summary(points));
    }

    @Test
    void unreachableCalls_areLeftOut_andTheNumberingHasNoGap() {
        MethodNode m = method("()V", mv -> {
            Label over = new Label();
            mv.visitLdcInsn("a");
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitJumpInsn(Opcodes.GOTO, over);
            mv.visitLdcInsn("dead");
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitLabel(over);
            mv.visitLdcInsn("b");
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        });
        Object[] frames = new Object[m.instructions.size()];
        java.util.Arrays.fill(frames, "reachable");
        int dead = HandBuilt.indexOf(m, HandBuilt.call("yield"), 1);
        frames[dead] = null;
        List<SuspensionPoint> points = SuspensionPointsAnalysis.of(m, frames, call -> false);
        assertEquals(2, points.size());
        assertSame(m.instructions.get(HandBuilt.indexOf(m, HandBuilt.call("yield"), 2)), points.get(1).call());
        assertEquals(2, points.get(1).state());
        // without frames every call counts
        assertEquals(3, SuspensionPointsAnalysis.of(m, null, call -> false).size());
    }

    @Test
    void unreachableCalls_asFrameAnalysisFindsThem() throws Exception {
        MethodNode m = method("()V", mv -> {
            mv.visitInsn(Opcodes.RETURN);
            mv.visitLdcInsn("dead");
            HandBuilt.yieldValue(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        });
        assertEquals(0, SuspensionPointsAnalysis.of(m, HandBuilt.flow(m).frames(), call -> false).size());
    }
}
