package dev.coflow.rewriter.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.analysis.FrameAnalysis;
import dev.coflow.rewriter.analysis.LivenessAnalysis;
import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.rewriter.analysis.SuspensionPointsAnalysis;
import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@link MethodPlanner} on methods written instruction by instruction: what each point saves, where, in which
 * frame field, and what the method's frame looks like. The emitters only follow the plan, so a wrong slot
 * or index here is a wrong value after a resume.
 */
class MethodPlannerTest {

    private static final String COROUTINES = "dev/coflow/Coroutines";
    private static final String HELPER = "gen/Hand";
    private static final ClassHierarchy HIERARCHY = ClassHierarchy.of(MethodPlannerTest.class.getClassLoader());

    private static ClassNode owner() {
        ClassNode owner = new ClassNode(AsmApi.LEVEL);
        owner.version = Opcodes.V17;
        owner.access = Opcodes.ACC_PUBLIC;
        owner.name = HELPER;
        owner.superName = "java/lang/Object";
        owner.interfaces = new ArrayList<>();
        owner.sourceFile = "Hand.java";
        return owner;
    }

    private static MethodNode method(int access, String name, String descriptor, int maxLocals, Consumer<MethodNode> code) {
        MethodNode m = new MethodNode(AsmApi.LEVEL, access, name, descriptor, null, null);
        m.visitCode();
        code.accept(m);
        m.visitMaxs(8, maxLocals);
        m.visitEnd();
        return m;
    }

    /** Plans {@code m}; calls to {@code gen/Hand.sub*} count as calls that may suspend. */
    private static MethodPlan plan(MethodNode m) throws Exception {
        ClassNode owner = owner();
        FrameAnalysis flow = FrameAnalysis.of(owner, m, HIERARCHY);
        List<SuspensionPoint> points = SuspensionPointsAnalysis.of(m, flow.frames(),
                call -> call.owner.equals(HELPER) && call.name.startsWith("sub") || call.name.equals("apply"));
        return MethodPlanner.plan(owner, m, flow, LivenessAnalysis.of(m.instructions, flow), points);
    }

    private static void yieldNull(MethodNode m) {
        m.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
    }

    /**
     * static Object m(long a, String b) { int n = 7; String s = b; return f(n, s, yield(null)) + a + b }, with
     * n and s on the stack under the yield: locals a, b move past the three extra slots only if they are not
     * parameters; stack values get temporaries after the body's locals.
     */
    @Test
    void localsAndStackValues_getBodySlotsAndFrameFieldsInOrder() throws Exception {
        MethodNode m = method(Opcodes.ACC_STATIC, "m", "(JLjava/lang/String;)Ljava/lang/Object;", 5, mv -> {
            mv.visitIntInsn(Opcodes.BIPUSH, 7);
            mv.visitVarInsn(Opcodes.ISTORE, 3);            // n
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ASTORE, 4);            // s
            mv.visitVarInsn(Opcodes.ILOAD, 3);             // stack: int
            mv.visitVarInsn(Opcodes.ALOAD, 4);             // stack: int, String
            mv.visitInsn(Opcodes.ACONST_NULL);
            yieldNull(mv);                                     // stack: int, String, Object
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "f", "(ILjava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.LLOAD, 0);
            mv.visitInsn(Opcodes.POP2);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ARETURN);
        });
        MethodPlan plan = plan(m);
        assertTrue(plan.isStatic());
        assertEquals(3, plan.paramSlots(), "long a (two slots) and String b");
        assertEquals(3, plan.contextSlot());
        assertEquals(4, plan.frameSlot());
        assertEquals(5, plan.inSlot());
        assertEquals("(JLjava/lang/String;" + BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")Ljava/lang/Object;", plan.bodyDescriptor());
        assertTrue(plan.keepsFrame());
        assertEquals(1, plan.points().size());

        MethodPlan.PointPlan point = plan.points().get(0);
        assertEquals(SuspensionPoint.Kind.YIELD, point.kind());
        assertEquals(1, point.state());
        assertEquals(Type.getType(Object.class), point.resultType());
        assertNull(point.pushName(), "a yield records no callee");
        assertNull(point.pushDesc());
        // live locals: a (slot 0, a parameter: stays), b (slot 2: stays), n (slot 3 -> 6); s is dead after the load
        assertEquals(List.of(
                new MethodPlan.Saved(0, Type.LONG_TYPE, MethodPlan.Saved.Kind.PRIM, 0),
                new MethodPlan.Saved(2, Type.getType(String.class), MethodPlan.Saved.Kind.REF, 0),
                new MethodPlan.Saved(6, Type.INT_TYPE, MethodPlan.Saved.Kind.PRIM, 1)), point.locals());
        // the two values under the yield's argument, in temporaries after the body's locals (5 + 3 extra)
        assertEquals(List.of(
                new MethodPlan.Saved(8, Type.INT_TYPE, MethodPlan.Saved.Kind.PRIM, 2),
                new MethodPlan.Saved(9, Type.getType(String.class), MethodPlan.Saved.Kind.REF, 1)), point.stack());
        assertEquals(2, point.refCount());
        assertEquals(3, point.primCount());
        assertEquals(10, plan.maxLocals());
        assertEquals(FrameShape.of(0, 2, 3), plan.shape());
    }

    /** A local the verifier knows to be {@code null} is not saved: the resume pushes {@code null} again. */
    @Test
    void aKnownNull_takesNoField() throws Exception {
        MethodNode m = method(Opcodes.ACC_STATIC, "m", "()Ljava/lang/Object;", 1, mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            mv.visitInsn(Opcodes.ACONST_NULL);
            yieldNull(mv);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.ARETURN);
        });
        MethodPlan.PointPlan point = plan(m).points().get(0);
        assertEquals(1, point.locals().size());
        MethodPlan.Saved nothing = point.locals().get(0);
        assertTrue(nothing.isNull());
        assertEquals(-1, nothing.index());
        assertEquals(0, point.refCount());
    }

    /**
     * An instance method: the receiver is the frame's self reference, never a saved local. Two points: the frame
     * shape is the largest of both; each point records its callee (by name for a direct call; any name through
     * an interface) and its handlers.
     */
    @Test
    void twoPoints_shapeFitsBoth_calleesAndHandlersPerPoint() throws Exception {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        MethodNode m = method(0, "m", "(Ljava/util/function/Function;)I", 3, mv -> {
            mv.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HELPER, "sub", "()I", false);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply",
                    "(Ljava/lang/Object;)Ljava/lang/Object;", true);
            mv.visitLabel(end);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(handler);
            mv.visitInsn(Opcodes.POP);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitInsn(Opcodes.IRETURN);
        });
        MethodPlan plan = plan(m);
        assertFalse(plan.isStatic());
        assertEquals(2, plan.paramSlots());
        assertEquals(2, plan.points().size());
        MethodPlan.PointPlan direct = plan.points().get(0);
        MethodPlan.PointPlan viaInterface = plan.points().get(1);

        assertEquals("sub", direct.pushName());
        assertEquals("()I", direct.pushDesc());
        assertEquals(Type.INT_TYPE, direct.resultType());
        assertTrue(direct.handlers().isEmpty());
        assertEquals(List.of(new MethodPlan.Saved(1, Type.getType("Ljava/util/function/Function;"), MethodPlan.Saved.Kind.REF, 0)),
                direct.locals(), "the function is live; the receiver is not a saved local");

        assertNull(viaInterface.pushName(), "a lambda may answer an interface call under another name");
        assertEquals(BytecodeContract.ANY_CALLEE, viaInterface.pushDesc());
        assertEquals(1, viaInterface.handlers().size());
        assertSame(m.tryCatchBlocks.get(0), viaInterface.handlers().get(0));
        assertEquals(List.of(new MethodPlan.Saved(5, Type.INT_TYPE, MethodPlan.Saved.Kind.PRIM, 0)), viaInterface.locals(),
                "only the int is live across the second call: slot 2 -> 5");

        assertEquals(FrameShape.of(1, 1, 1), plan.shape(), "self, one reference (first point), one primitive (second)");
        assertTrue(plan.armsCalls());
    }

    /** {@code () -> sub()}: a synthetic lambda that only returns its one call's result keeps no frame. */
    @Test
    void aPureForwardingLambda_keepsNoFrame() throws Exception {
        MethodNode m = method(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_PRIVATE, "lambda$run$0", "()Ljava/lang/Object;", 0, mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "sub", "()Ljava/lang/String;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
        assertFalse(plan(m).keepsFrame());
    }

    /** The same lambda under a try block, or one that works on after the call, keeps its frame. */
    @Test
    void aLambdaThatDoesMoreThanForward_keepsItsFrame() throws Exception {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        MethodNode guarded = method(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_PRIVATE, "lambda$run$0", "()Ljava/lang/Object;", 0, mv -> {
            mv.visitTryCatchBlock(start, end, handler, null);
            mv.visitLabel(start);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "sub", "()Ljava/lang/String;", false);
            mv.visitLabel(end);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(handler);
            mv.visitInsn(Opcodes.ATHROW);
        });
        assertTrue(plan(guarded).keepsFrame());
        MethodNode more = method(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_PRIVATE, "lambda$run$1", "()I", 0, mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "sub", "()I", false);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IADD);
            mv.visitInsn(Opcodes.IRETURN);
        });
        assertTrue(plan(more).keepsFrame());
        MethodNode named = method(Opcodes.ACC_STATIC, "notALambda", "()Ljava/lang/Object;", 0, mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "sub", "()Ljava/lang/String;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
        assertTrue(plan(named).keepsFrame(), "only synthetic lambda bodies and method-reference adapters forward");
    }
}
