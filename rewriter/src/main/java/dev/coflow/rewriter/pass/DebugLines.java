package dev.coflow.rewriter.pass;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Line numbers for code the rewriter adds (bridges, resume adapters, spill and resume blocks) that a
 * debugger shows in its frames but never stops at.
 *
 * <p>A debugger sets a line breakpoint at the first instruction of every line-number entry of that
 * line (JDI {@code ReferenceType.locationsOfLine}; jdb takes the first such location only, IDEs take
 * all of them). A frame's line is that of the last entry at or before its instruction. So an entry
 * that starts at an instruction that never runs gives the code after it a line (no {@code (null)} or
 * {@code Unknown Source} in the debugger's stack, the right line in a stack trace) without giving a
 * breakpoint on that line anywhere to stop in the added code: the breakpoint lands on the
 * unreachable instruction. Added code carrying the line of the user's code would otherwise stop an
 * IDE's breakpoint twice (in the bridge and in the body), or at every resume (in the adapter).
 */
public final class DebugLines {
    private DebugLines() {
    }

    /**
     * {@code goto over; L: aconst_null; athrow; over:} with the line entry at {@code L}: the code that
     * follows, up to the next line entry, is on {@code line}, and no breakpoint can stop in it.
     *
     * @param frames whether to add the two stack map frames (same locals as the method's start, empty
     *               stack) the dead instruction and its successor need; {@code false} where ASM computes
     *               the frames ({@code COMPUTE_FRAMES} replaces the dead code with {@code nop ... athrow})
     */
    static InsnList unreachableLine(int line, boolean frames) {
        InsnList out = new InsnList();
        LabelNode over = new LabelNode();
        out.add(new JumpInsnNode(Opcodes.GOTO, over));
        out.add(unreachableLineAfterJump(line, frames));
        out.add(over);
        if (frames) {
            out.add(new FrameNode(Opcodes.F_SAME, 0, null, 0, null));
        }
        return out;
    }

    /**
     * {@code L: aconst_null; athrow} with the line entry at {@code L}, where the instruction before is an
     * unconditional jump, return or throw (the end of a method's code, the end of a spill or resume block):
     * two bytes, where {@link #unreachableLine} takes five.
     */
    static InsnList unreachableLineAfterJump(int line, boolean frames) {
        InsnList out = new InsnList();
        LabelNode dead = new LabelNode();
        out.add(dead);
        if (frames) {
            out.add(new FrameNode(Opcodes.F_SAME, 0, null, 0, null));
        }
        out.add(new LineNumberNode(line, dead));
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(new InsnNode(Opcodes.ATHROW));
        return out;
    }

    /**
     * Puts each body's entry on the line before its first line, when no code of the class is on that line
     * (usually the method's declaration, as javac lays code out): a step into a method stops at the first
     * instruction of the body, the resume dispatch, where the parameters are not yet shown (the same code
     * begins a resumed call, with zeros in them); a debugger counts code before the first line entry as
     * part of the first line, so the next step over would run the whole first line. On a line of its own
     * (an entry on an unreachable instruction, so no breakpoint stops there), the next step stops on the
     * first line with the parameters shown. A body that begins with its first line entry (a fresh body, which has no
     * dispatch) needs none: nothing comes before the line, and every byte counts against the JIT's inlining limits.
     *
     * @param others the class's other methods (bridges, methods not rewritten), whose lines are taken too
     */
    public static void entryLines(List<MethodNode> bodies, List<MethodNode> others) {
        Set<Integer> used = new HashSet<>();
        for (List<MethodNode> methods : List.of(bodies, others)) {
            for (MethodNode m : methods) {
                for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof LineNumberNode ln) {
                        used.add(ln.line);
                    }
                }
            }
        }
        for (MethodNode body : bodies) {
            int first = -1;
            boolean codeBefore = false;
            for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode ln) {
                    first = ln.line;
                    break;
                }
                codeBefore |= insn.getOpcode() >= 0;
            }
            if (codeBefore && first > 1 && !used.contains(first - 1)) {
                body.instructions.insert(unreachableLine(first - 1, false));
            }
        }
    }
}
