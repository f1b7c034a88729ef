package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Spills;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The fresh body ({@code FreshBody}): what a fresh call runs is the resume body without the dispatch and the resume
 * blocks, so that a small method the JIT inlines stays small; both spill through the same spill methods.
 * {@code Spills.phases} has three yields, with locals restored at each.
 */
class FreshBodyShapeTest {
    private static final String DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/String;I)I";

    private static final Predicate<AbstractInsnNode> READS_THE_POINT = insn -> insn instanceof FieldInsnNode f
            && f.getOpcode() == Opcodes.GETFIELD && f.name.equals(BytecodeContract.FRAME_POINT);
    private static final Predicate<AbstractInsnNode> TAKES = insn -> insn instanceof MethodInsnNode m
            && m.owner.equals(BytecodeContract.CONTEXT) && m.name.startsWith("take");
    private static final Predicate<AbstractInsnNode> READS_A_FRAME_FIELD = insn -> insn instanceof FieldInsnNode f
            && f.getOpcode() == Opcodes.GETFIELD && f.owner.startsWith(BytecodeContract.FRAME_SHAPE_PREFIX);

    @Test
    void freshBody_hasNoDispatchAndNoResumeBlocks_theResumeBodyHasBoth() throws IOException {
        ClassNode node = Shapes.rewrite(Spills.class);
        MethodNode fresh = Shapes.freshBody(node, "phases", DESCRIPTOR);
        MethodNode resume = Shapes.body(node, "phases", DESCRIPTOR);
        String freshText = listing(fresh);
        String resumeText = listing(resume);
        assertEquals(0, count(fresh, Shapes.opcode(Opcodes.TABLESWITCH)), "dispatch\n" + freshText);
        assertEquals(0, count(fresh, READS_THE_POINT), "state read\n" + freshText);
        assertEquals(0, count(fresh, TAKES), "takes of a resumed value\n" + freshText);
        assertEquals(0, count(fresh, READS_A_FRAME_FIELD), "restores\n" + freshText);
        assertEquals(1, count(resume, Shapes.opcode(Opcodes.TABLESWITCH)), resumeText);
        assertEquals(3, count(resume, TAKES), resumeText);
        assertTrue(count(resume, READS_A_FRAME_FIELD) >= 3, resumeText);
        // a fresh call runs to the first yield, which always suspends: the rest of the method runs only after a resume,
        // in the resume body; both spill through the same method
        assertEquals(1, count(fresh, callsSuspension(BytecodeContract.SUSPEND_YIELD)), freshText);
        assertEquals(3, count(resume, callsSuspension(BytecodeContract.SUSPEND_YIELD)), resumeText);
        assertEquals(3, spillCalls(resume).size(), resumeText);
        assertEquals(spillCalls(resume).subList(0, 1), spillCalls(fresh), freshText + "\n" + resumeText);
        // the fresh body is what the resume body is, less the resume-only code and what only a resume reaches (all
        // that follows the first yield): no dead code is left in it as nops
        assertTrue(Shapes.real(fresh).size() < Shapes.real(resume).size(), freshText);
        // (ASM turns a dead instruction into a nop: the only ones left are the line markers, one nop before an athrow)
        for (AbstractInsnNode nop : Shapes.real(fresh).stream().filter(Shapes.opcode(Opcodes.NOP)).toList()) {
            assertEquals(Opcodes.ATHROW, Shapes.nextReal(nop).getOpcode(), "dead code left\n" + freshText);
        }
        // only the resume body may be resumed: its take of the value is covered by the call's handlers, the fresh body has none
        assertEquals(0, fresh.tryCatchBlocks.size(), freshText);
    }

    @Test
    void freshBody_handsANullFrameToItsSpills() throws IOException {
        ClassNode node = Shapes.rewrite(Spills.class);
        MethodNode fresh = Shapes.freshBody(node, "phases", DESCRIPTOR);
        String text = listing(fresh);
        // static (String, String, int) + Context: the frame slot is 4, a local set to null at the entry and never again
        List<AbstractInsnNode> stores = Shapes.real(fresh).stream()
                .filter(insn -> insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == 4).toList();
        assertEquals(1, stores.size(), text);
        assertEquals(Opcodes.ACONST_NULL, Shapes.previousReal(stores.get(0)).getOpcode(), text);
        List<AbstractInsnNode> code = Shapes.real(fresh);
        AbstractInsnNode firstYield = code.stream().filter(callsSuspension(BytecodeContract.SUSPEND_YIELD)).findFirst().orElseThrow();
        assertTrue(code.indexOf(stores.get(0)) < code.indexOf(firstYield), "before the original code\n" + text);
        assertEquals(0, count(fresh, insn -> insn instanceof VarInsnNode v && v.getOpcode() != Opcodes.ALOAD && v.var == 5),
                "the value handed in is no parameter here and never used\n" + text);
    }

    private static List<String> spillCalls(MethodNode body) {
        return Shapes.real(body).stream()
                .filter(insn -> insn instanceof MethodInsnNode m && m.name.startsWith(BytecodeContract.SPILL_PREFIX))
                .map(insn -> ((MethodInsnNode) insn).name + ((MethodInsnNode) insn).desc).toList();
    }
}
