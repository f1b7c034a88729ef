package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Spills;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code LivenessAnalysis} as the spill uses it: in {@code Spills.spill(a, b, k)} only {@code b} and {@code kept}
 * are live across the yield ({@code a}, {@code k} and {@code n} are dead there), so the frame is {@code R1P1} and the
 * spill writes one reference field and one primitive field.
 */
class SpillShapeTest {
    private static final String DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/String;J)Ljava/lang/String;";

    private static Predicate<AbstractInsnNode> field(int opcode, String fieldPrefix) {
        return insn -> insn instanceof FieldInsnNode f && f.getOpcode() == opcode
                && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX) && f.name.startsWith(fieldPrefix);
    }

    @Test
    void spill_savesExactlyTheLiveLocals() throws IOException {
        MethodNode body = Shapes.bodyAndSpills(Shapes.rewrite(Spills.class), "spill", DESCRIPTOR);
        String text = listing(body);
        assertEquals(1, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_REF_PREFIX)), "references saved\n" + text);
        assertEquals(1, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_PRIM_PREFIX)), "primitives saved\n" + text);
        // restore reads each saved value once; the spill reads the reference field once more to compare
        assertEquals(1, count(body, field(Opcodes.GETFIELD, BytecodeContract.FRAME_PRIM_PREFIX)), "primitives restored\n" + text);
        assertEquals(2, count(body, field(Opcodes.GETFIELD, BytecodeContract.FRAME_REF_PREFIX)), "reference reads\n" + text);
    }

    @Test
    void spill_framesShapeFitsTheLiveValuesOnly() throws IOException {
        MethodNode body = Shapes.bodyAndSpills(Shapes.rewrite(Spills.class), "spill", DESCRIPTOR);
        String text = listing(body);
        List<String> shapes = Shapes.real(body).stream()
                .filter(insn -> insn instanceof FieldInsnNode f && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX))
                .map(insn -> ((FieldInsnNode) insn).owner).distinct().toList();
        assertEquals(List.of(BytecodeContract.FRAME_SHAPE_PREFIX + "R1P1"), shapes, text);
        // Suspension.pushNew(ctx, shape, self, point, calleeName, calleeDescriptor): the shape id of R1P1
        // (1 * (FRAME_SMALL_PRIMS + 1) + 1) is pushed just before self, each argument one instruction
        MethodInsnNode obtain = (MethodInsnNode) Shapes.real(body).stream()
                .filter(callsSuspension(BytecodeContract.PUSH_NEW)).findFirst().orElseThrow();
        AbstractInsnNode shapeId = obtain;
        for (int i = 0; i < 5; i++) {
            shapeId = Shapes.previousReal(shapeId);
        }
        int expected = 1 * (BytecodeContract.FRAME_SMALL_PRIMS + 1) + 1;
        int pushed = shapeId.getOpcode() == Opcodes.BIPUSH ? ((IntInsnNode) shapeId).operand : shapeId.getOpcode() - Opcodes.ICONST_0;
        assertEquals(expected, pushed, text);
    }

    /** stacked(long base, String s): slots 0-1 base, 2 s, 3 none; in the body (3 extra slots after the parameters) none is 6. */
    private static final int NONE_IN_BODY = 6;

    @Test
    void spill_savesTheOperandStackBelowTheCall_andNeverANull() throws IOException {
        MethodNode body = Shapes.bodyAndSpills(Shapes.rewrite(Spills.class), "stacked", "(JLjava/lang/String;)J");
        String text = listing(body);
        List<String> shapes = Shapes.real(body).stream()
                .filter(insn -> insn instanceof FieldInsnNode f && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX))
                .map(insn -> ((FieldInsnNode) insn).owner).distinct().toList();
        assertEquals(List.of(BytecodeContract.FRAME_SHAPE_PREFIX + "R0P1"), shapes, "only base, from the stack\n" + text);
        assertEquals(1, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_PRIM_PREFIX)), text);
        assertEquals(0, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_REF_PREFIX)), text);
        // none: stored by the original code and once more by the restore, each time a null constant
        List<AbstractInsnNode> stores = Shapes.real(body).stream()
                .filter(insn -> insn instanceof org.objectweb.asm.tree.VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == NONE_IN_BODY)
                .toList();
        assertEquals(2, stores.size(), text);
        for (AbstractInsnNode store : stores) {
            assertEquals(Opcodes.ACONST_NULL, Shapes.previousReal(store).getOpcode(), text);
        }
        // base stays on the stack under the yield, is handed to the spill method as it is, and comes back onto the stack
        MethodInsnNode yield = (MethodInsnNode) Shapes.real(body).stream().filter(callsSuspension(BytecodeContract.SUSPEND_YIELD))
                .findFirst().orElseThrow();
        assertEquals(Opcodes.LLOAD, Shapes.previousReal(Shapes.previousReal(Shapes.previousReal(yield))).getOpcode(),
                "base is pushed before the yielded value\n" + text);
    }

    /** Per spill of {@code body}, in order: {references saved, primitives saved, reference fields cleared}. */
    private static List<List<Integer>> spillStores(MethodNode body) {
        List<List<Integer>> out = new java.util.ArrayList<>();
        int refs = 0;
        int prims = 0;
        int clears = 0;
        boolean inSpill = false;
        for (AbstractInsnNode insn : Shapes.real(body)) {
            if (callsSuspension(BytecodeContract.PUSH_NEW).test(insn)) { // the stores follow it; the resumed frame's push ends them
                inSpill = true;
                refs = prims = clears = 0;
            } else if (inSpill && callsSuspension(BytecodeContract.PUSH).test(insn)) {
                out.add(List.of(refs, prims, clears));
                inSpill = false;
            } else if (inSpill && field(Opcodes.PUTFIELD, BytecodeContract.FRAME_PRIM_PREFIX).test(insn)) {
                prims++;
            } else if (inSpill && field(Opcodes.PUTFIELD, BytecodeContract.FRAME_REF_PREFIX).test(insn)) {
                if (Shapes.previousReal(insn).getOpcode() == Opcodes.ACONST_NULL) {
                    clears++;
                } else {
                    refs++;
                }
            }
        }
        return out;
    }

    /** What LivenessAnalysis says of the method as javac wrote it: per yield, the live references and primitives. */
    private static List<List<Integer>> liveAtEachYield(String name, String descriptor) throws Exception {
        org.objectweb.asm.tree.ClassNode original = Shapes.read(Shapes.bytesOf(Spills.class));
        MethodNode method = Shapes.method(original, name, descriptor);
        dev.coflow.rewriter.ClassHierarchy hierarchy = dev.coflow.rewriter.ClassHierarchy.of(Spills.class.getClassLoader());
        dev.coflow.rewriter.analysis.FrameAnalysis flow = dev.coflow.rewriter.analysis.FrameAnalysis.of(original, method, hierarchy);
        dev.coflow.rewriter.analysis.LivenessAnalysis liveness = dev.coflow.rewriter.analysis.LivenessAnalysis.of(method.instructions, flow);
        List<List<Integer>> out = new java.util.ArrayList<>();
        for (dev.coflow.rewriter.analysis.SuspensionPoint p : dev.coflow.rewriter.analysis.SuspensionPointsAnalysis.of(method, flow.frames(), c -> false)) {
            java.util.BitSet live = liveness.liveAcross(p.index(), flow);
            int refs = 0;
            int prims = 0;
            for (int slot = live.nextSetBit(0); slot >= 0 && slot < flow.frames()[p.index()].getLocals(); slot = live.nextSetBit(slot + 1)) {
                org.objectweb.asm.Type type = flow.frames()[p.index()].getLocal(slot).getType();
                if (type == null) {
                    continue;
                }
                if (type.getSort() == org.objectweb.asm.Type.OBJECT || type.getSort() == org.objectweb.asm.Type.ARRAY) {
                    refs++;
                } else {
                    prims++;
                }
            }
            out.add(List.of(refs, prims));
        }
        return out;
    }

    @Test
    void eachSpill_savesWhatLivenessSaysIsLiveThere() throws Exception {
        String descriptor = "(Ljava/lang/String;Ljava/lang/String;I)I";
        MethodNode body = Shapes.bodyAndSpills(Shapes.rewrite(Spills.class), "phases", descriptor);
        String text = listing(body);
        List<List<Integer>> live = liveAtEachYield("phases", descriptor);
        // a, b, x | b, y | z
        assertEquals(List.of(List.of(2, 1), List.of(1, 1), List.of(0, 1)), live, "the analysis itself");
        List<List<Integer>> stores = spillStores(body);
        assertEquals(live.size(), stores.size(), text);
        for (int i = 0; i < live.size(); i++) {
            assertEquals(live.get(i), stores.get(i).subList(0, 2), "spill " + (i + 1) + ": references and primitives saved\n" + text);
            // the frame (R2P1) has two reference fields: what this point does not use is cleared
            assertEquals(2 - live.get(i).get(0), stores.get(i).get(2), "spill " + (i + 1) + ": reference fields cleared\n" + text);
        }
    }
}
