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
    void freshBody_handsANullFrameToItsSpills_andKeepsNoFrameSlot() throws IOException {
        ClassNode node = Shapes.rewrite(Spills.class);
        MethodNode fresh = Shapes.freshBody(node, "phases", DESCRIPTOR);
        String text = listing(fresh);
        // static (String, String, int) + Context: the resume body's frame slot is 4; here it is always null, so each
        // spill call is handed a null and the slot is neither set nor read (bytes the JIT would count for nothing)
        assertEquals(0, count(fresh, insn -> insn instanceof VarInsnNode v && v.var == 4), text);
        List<AbstractInsnNode> calls = Shapes.real(fresh).stream()
                .filter(insn -> insn instanceof MethodInsnNode m && m.name.startsWith(BytecodeContract.SPILL_PREFIX)).toList();
        assertEquals(1, calls.size(), text);
        // the spill's parameters, each pushed by one instruction: the context, the frame, then the values (a, b and x)
        MethodInsnNode call = (MethodInsnNode) calls.get(0);
        List<AbstractInsnNode> code = Shapes.real(fresh);
        int arguments = org.objectweb.asm.Type.getArgumentTypes(call.desc).length;
        AbstractInsnNode context = code.get(code.indexOf(call) - arguments);
        assertEquals(Opcodes.ALOAD, context.getOpcode(), text);
        assertEquals(3, ((VarInsnNode) context).var, text);
        assertEquals(Opcodes.ACONST_NULL, Shapes.nextReal(context).getOpcode(), text);
        assertEquals(0, count(fresh, insn -> insn instanceof VarInsnNode v && v.getOpcode() != Opcodes.ALOAD && v.var == 5),
                "the value handed in is no parameter here and never used\n" + text);
    }

    @Test
    void freshBody_startsWithTheMethodsFirstLine_theResumeBodyWithALineMarker() throws IOException {
        ClassNode node = Shapes.rewrite(Spills.class);
        MethodNode fresh = Shapes.freshBody(node, "phases", DESCRIPTOR);
        MethodNode resume = Shapes.body(node, "phases", DESCRIPTOR);
        // no dispatch and no frame slot to set: the first instruction is the user's, on the first line; a marker on
        // the line before (goto over a dead instruction, DebugLines.entryLines) would be five bytes for nothing
        AbstractInsnNode first = Shapes.real(fresh).get(0);
        assertEquals(Opcodes.ALOAD, first.getOpcode(), listing(fresh));
        assertEquals(29, Shapes.lineOf(first), listing(fresh));
        assertEquals(Opcodes.GOTO, Shapes.real(resume).get(0).getOpcode(), listing(resume));
    }

    private static List<String> spillCalls(MethodNode body) {
        return Shapes.real(body).stream()
                .filter(insn -> insn instanceof MethodInsnNode m && m.name.startsWith(BytecodeContract.SPILL_PREFIX))
                .map(insn -> ((MethodInsnNode) insn).name + ((MethodInsnNode) insn).desc).toList();
    }
}
