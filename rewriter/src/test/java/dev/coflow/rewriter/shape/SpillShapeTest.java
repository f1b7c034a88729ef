package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
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
        MethodNode body = body(Shapes.rewrite(Spills.class), "spill", DESCRIPTOR);
        String text = listing(body);
        assertEquals(1, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_REF_PREFIX)), "references saved\n" + text);
        assertEquals(1, count(body, field(Opcodes.PUTFIELD, BytecodeContract.FRAME_PRIM_PREFIX)), "primitives saved\n" + text);
        // restore reads each saved value once; the spill reads the reference field once more to compare
        assertEquals(1, count(body, field(Opcodes.GETFIELD, BytecodeContract.FRAME_PRIM_PREFIX)), "primitives restored\n" + text);
        assertEquals(2, count(body, field(Opcodes.GETFIELD, BytecodeContract.FRAME_REF_PREFIX)), "reference reads\n" + text);
    }

    @Test
    void spill_framesShapeFitsTheLiveValuesOnly() throws IOException {
        MethodNode body = body(Shapes.rewrite(Spills.class), "spill", DESCRIPTOR);
        String text = listing(body);
        List<String> shapes = Shapes.real(body).stream()
                .filter(insn -> insn instanceof FieldInsnNode f && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX))
                .map(insn -> ((FieldInsnNode) insn).owner).distinct().toList();
        assertEquals(List.of(BytecodeContract.FRAME_SHAPE_PREFIX + "R1P1"), shapes, text);
        // Suspension.frame(ctx, f, shape, self): the shape id of R1P1 (1 * (MAX_PRIMS + 1) + 1) is pushed just before self
        MethodInsnNode obtain = (MethodInsnNode) Shapes.real(body).stream()
                .filter(callsSuspension(BytecodeContract.OBTAIN_FRAME)).findFirst().orElseThrow();
        AbstractInsnNode shapeId = Shapes.previousReal(Shapes.previousReal(obtain));
        assertEquals(Opcodes.ICONST_0 + 1 * (BytecodeContract.FRAME_MAX_PRIMS + 1) + 1, shapeId.getOpcode(), text);
    }
}
