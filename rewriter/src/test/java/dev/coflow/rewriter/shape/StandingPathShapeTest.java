package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Standing;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The standing switch (design.md, "Frame layout" and "Known gaps: Speed"): a frame resumed and
 * suspending again at the same yield allocates nothing and stores no reference that did not change.
 * {@code Standing.loop}'s own code allocates nothing, so nothing in its body may.
 */
class StandingPathShapeTest {
    private static final Set<String> BOXES = Set.of("java/lang/Integer", "java/lang/Long", "java/lang/Double", "java/lang/Float",
            "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean");

    private static MethodNode loop() throws IOException {
        return Shapes.bodyAndSpills(Shapes.rewrite(Standing.class), "loop", "(Ljava/lang/String;)D");
    }

    @Test
    void standingSwitch_allocatesNothing() throws IOException {
        MethodNode body = loop();
        String text = listing(body);
        for (AbstractInsnNode insn : Shapes.real(body)) {
            int op = insn.getOpcode();
            assertTrue(op != Opcodes.NEW && op != Opcodes.NEWARRAY && op != Opcodes.ANEWARRAY && op != Opcodes.MULTIANEWARRAY,
                    "an allocation in the body\n" + text);
            assertTrue(!(insn instanceof MethodInsnNode m && BOXES.contains(m.owner) && m.name.equals("valueOf")),
                    "boxing in the body: " + ((insn instanceof MethodInsnNode m) ? m.owner + "." + m.name : "") + "\n" + text);
            // the only invokedynamic is the constant ResumePoint of the suspension point (made once per call site)
            assertTrue(!(insn instanceof InvokeDynamicInsnNode indy) || indy.bsm.getOwner().equals(BytecodeContract.BOOTSTRAP),
                    "an invokedynamic that is not the point's constant\n" + text);
        }
        // the double goes to the frame as raw bits, not boxed
        assertEquals(1, count(body, Shapes.calls("java/lang/Double", "doubleToRawLongBits")), text);
        assertEquals(1, count(body, Shapes.calls("java/lang/Double", "longBitsToDouble")), text);
    }

    @Test
    void standingSwitch_reusesTheResumedFrame() throws IOException {
        org.objectweb.asm.tree.ClassNode node = Shapes.rewrite(Standing.class);
        MethodNode body = Shapes.body(node, "loop", "(Ljava/lang/String;)D");
        String text = listing(body);
        // the body hands its Frame parameter (slot 2 of a static (String) body) to the point's spill method
        List<AbstractInsnNode> spills = Shapes.real(body).stream()
                .filter(i -> i instanceof MethodInsnNode m && m.name.startsWith(BytecodeContract.SPILL_PREFIX)).toList();
        assertEquals(1, spills.size(), text);
        MethodInsnNode call = (MethodInsnNode) spills.get(0);
        org.objectweb.asm.Type[] parameters = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        int frameParameter = List.of(parameters).indexOf(org.objectweb.asm.Type.getObjectType(BytecodeContract.FRAME));
        AbstractInsnNode handed = call;
        for (int i = parameters.length - 1; i >= frameParameter; i--) {
            handed = Shapes.previousReal(handed); // after the frame only loads of the receiver and the locals, one instruction each
        }
        assertTrue(handed instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 2,
                "the frame handed to the spill must be the resumed frame\n" + text);
        // the spill method keeps it: it takes a frame (Suspension.pushNew) only when the one handed in is null,
        // the test in its own code so that the JIT profiles it per point
        MethodNode spill = Shapes.method(node, call.name, call.desc);
        String spillText = listing(spill);
        int frameSlot = 0;
        for (int i = 0; i < frameParameter; i++) {
            frameSlot += parameters[i].getSize();
        }
        assertEquals(0, count(spill, callsSuspension(BytecodeContract.OBTAIN_FRAME)), spillText);
        List<AbstractInsnNode> obtains = Shapes.real(spill).stream().filter(callsSuspension(BytecodeContract.PUSH_NEW)).toList();
        assertEquals(1, obtains.size(), spillText);
        List<AbstractInsnNode> real = Shapes.real(spill);
        int test = -1;
        for (int i = 0; i + 1 < real.size(); i++) {
            if (real.get(i) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == frameSlot
                    && real.get(i + 1).getOpcode() == Opcodes.IFNONNULL) {
                test = i;
                break;
            }
        }
        assertTrue(test >= 0, "the spill must test the frame handed in for null\n" + spillText);
        JumpInsnNode ifNonNull = (JumpInsnNode) real.get(test + 1);
        int resumedPath = real.indexOf(Shapes.nextReal(ifNonNull.label));
        int obtain = real.indexOf(obtains.get(0));
        assertTrue(test + 1 < obtain && obtain < resumedPath,
                "Suspension.pushNew must be called only where the frame handed in is null\n" + spillText);
        assertTrue(real.get(resumedPath) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == frameSlot,
                "a frame handed in must be kept as it is\n" + spillText);
        // and only the frame handed in is pushed by the general push, after its stores: pushNew linked a new one already
        List<AbstractInsnNode> frameTests = new java.util.ArrayList<>();
        for (int i = resumedPath; i + 1 < real.size(); i++) {
            if (real.get(i) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == frameSlot
                    && real.get(i + 1).getOpcode() == Opcodes.IFNULL) {
                frameTests.add(real.get(i + 1));
            }
        }
        assertEquals(1, frameTests.size(), "the push is skipped for a frame pushNew took\n" + spillText);
        int pushSkippedTo = real.indexOf(Shapes.nextReal(((JumpInsnNode) frameTests.get(0)).label));
        int generalPush = real.indexOf(real.stream().filter(callsSuspension(BytecodeContract.PUSH)).findFirst().orElseThrow());
        assertTrue(real.indexOf(frameTests.get(0)) < generalPush && generalPush < pushSkippedTo, spillText);
        // a plain yield asks pushInPlace first and jumps over the general push when it answers true
        List<AbstractInsnNode> inPlace = real.stream().filter(i -> i instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.CONTEXT)
                && m.name.equals(BytecodeContract.PUSH_IN_PLACE)).toList();
        assertEquals(1, inPlace.size(), spillText);
        AbstractInsnNode afterInPlace = Shapes.nextReal(inPlace.get(0));
        assertTrue(afterInPlace instanceof JumpInsnNode j && j.getOpcode() == Opcodes.IFNE, spillText);
        List<AbstractInsnNode> pushes = real.stream().filter(callsSuspension(BytecodeContract.PUSH)).toList();
        assertEquals(1, pushes.size(), spillText);
        int push = real.indexOf(pushes.get(0));
        int skipTo = real.indexOf(Shapes.nextReal(((JumpInsnNode) afterInPlace).label));
        assertTrue(push > real.indexOf(afterInPlace) && skipTo > push,
                "the general push must be jumped over when pushInPlace answers true\n" + spillText);
        // the point is never stored by the spill itself: pushNew records it in a new frame, and a method with one point
        // resumed there needs no stopAt (onePoint_... below; a method with more points calls it, see there)
        MethodNode all = loop();
        assertEquals(0, count(all, callsSuspension(BytecodeContract.STOP_AT)), text);
        assertEquals(0, count(all, insn -> insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.PUTFIELD
                && f.name.equals(BytecodeContract.FRAME_POINT)), text);
    }

    @Test
    void onePoint_dispatchesWithoutReadingThePointBack() throws IOException {
        // Standing.loop has one yield: its resume body jumps to that point's resume block when a frame is handed in,
        // without reading the point's state (only that point's ResumePoint class calls the body's adapter)
        MethodNode body = Shapes.body(Shapes.rewrite(Standing.class), "loop", "(Ljava/lang/String;)D");
        String text = listing(body);
        assertEquals(0, count(body, Shapes.opcode(Opcodes.TABLESWITCH)), text);
        assertEquals(0, count(body, insn -> insn instanceof FieldInsnNode f && f.owner.equals(BytecodeContract.RESUME_POINT)), text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.BAD_STATE)), text);
        List<AbstractInsnNode> real = Shapes.real(body);
        AbstractInsnNode first = real.get(0) instanceof JumpInsnNode g && g.getOpcode() == Opcodes.GOTO ? Shapes.nextReal(g.label) : real.get(0);
        assertTrue(first instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 2, "the frame (slot 2) tested first\n" + text);
        AbstractInsnNode dispatch = Shapes.nextReal(first);
        assertTrue(dispatch instanceof JumpInsnNode j && j.getOpcode() == Opcodes.IFNONNULL, text);
        // the jump lands on the resume block: it restores from the frame, then takes the value handed in
        boolean restored = false;
        boolean took = false;
        for (AbstractInsnNode insn = Shapes.nextReal(((JumpInsnNode) dispatch).label); insn != null && !took; insn = Shapes.nextReal(insn)) {
            restored |= insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETFIELD && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX);
            took = insn instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.CONTEXT) && m.name.startsWith("take");
        }
        assertTrue(restored && took, "the jump must land on the resume block\n" + text);
        // nor does its spill record the point again for a frame resumed there (stopAt); with several points each
        // spill records its own, after the test for a frame handed in (Spills.phases has three)
        org.objectweb.asm.tree.ClassNode several = Shapes.rewrite(dev.coflow.shapefixture.Spills.class);
        MethodNode phases = Shapes.body(several, "phases", "(Ljava/lang/String;Ljava/lang/String;I)I");
        List<MethodNode> spills = Shapes.real(phases).stream()
                .filter(i -> i instanceof MethodInsnNode m && m.name.startsWith(BytecodeContract.SPILL_PREFIX))
                .map(i -> Shapes.method(several, ((MethodInsnNode) i).name, ((MethodInsnNode) i).desc)).distinct().toList();
        assertEquals(3, spills.size(), "Spills.phases's spill methods\n" + listing(phases));
        for (MethodNode spill : spills) {
            List<AbstractInsnNode> code = Shapes.real(spill);
            String spillText = listing(spill);
            List<AbstractInsnNode> stops = code.stream().filter(callsSuspension(BytecodeContract.STOP_AT)).toList();
            assertEquals(1, stops.size(), spillText);
            int test = -1;
            for (int i = 0; i + 1 < code.size(); i++) {
                if (code.get(i + 1).getOpcode() == Opcodes.IFNONNULL && code.get(i) instanceof VarInsnNode) {
                    test = i + 1;
                    break;
                }
            }
            int resumedPath = code.indexOf(Shapes.nextReal(((JumpInsnNode) code.get(test)).label));
            assertTrue(test >= 0 && code.indexOf(stops.get(0)) > resumedPath, "stopAt on the resumed path\n" + spillText);
        }
    }

    @Test
    void standingSwitch_storesAReferenceFieldOnlyWhenItChanged() throws IOException {
        MethodNode body = loop();
        String text = listing(body);
        List<AbstractInsnNode> refStores = Shapes.real(body).stream()
                .filter(insn -> insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.PUTFIELD
                        && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX) && f.name.startsWith(BytecodeContract.FRAME_REF_PREFIX))
                .toList();
        assertEquals(1, refStores.size(), "reference stores (tag)\n" + text);
        for (AbstractInsnNode store : refStores) {
            // frame.rK = x is jumped over when frame.rK == x: the if_acmpeq right before it targets the label right after it
            AbstractInsnNode check = store;
            for (int i = 0; i < 4; i++) {
                check = Shapes.previousReal(check); // aload x, checkcast, aload f, if_acmpeq
            }
            assertTrue(check instanceof JumpInsnNode jump && jump.getOpcode() == Opcodes.IF_ACMPEQ
                    && labelRightAfter(store) == jump.label, "an unconditional reference store\n" + text);
        }
    }

    private static LabelNode labelRightAfter(AbstractInsnNode insn) {
        for (AbstractInsnNode next = insn.getNext(); next != null && next.getOpcode() < 0; next = next.getNext()) {
            if (next instanceof LabelNode label) {
                return label;
            }
        }
        return null;
    }
}
