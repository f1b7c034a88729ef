package dev.coflow.rewriter.pass;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Trims a rewritten body's local variable table so that a debugger never shows a value the variable
 * does not hold.
 *
 * <p>A resumed frame restores only the locals live after its suspension point; the others hold the
 * zeros the resume adapter passed (parameters) or nothing the program wrote. The code after the
 * point is shared by the fresh path, where every variable holds its value, and the resumed path,
 * where the dead ones do not, and a local variable table cannot tell the two apart. So a variable is
 * left out of the table wherever its slot may hold a value that was not restored: from each resume
 * entry, along every path (exception edges included), until the slot is stored again. Where the
 * variable is dead nothing reads it, so the program is unchanged; the debugger shows it as absent
 * rather than as {@code 0} or {@code null}.
 *
 * <p>A forward data flow over the finished body: at the body's entry no slot is suspect; at each
 * resume label every slot of a named variable is (except the receiver, which the adapter passes);
 * a store clears its slot. Each table entry is then split into the runs of its range where its slot
 * is not suspect.
 */
final class LocalRanges {
    private LocalRanges() {
    }

    static List<LocalVariableNode> trim(MethodNode body, LabelNode[] resumeLabels, boolean isStatic) {
        List<LocalVariableNode> variables = body.localVariables;
        if (variables == null || variables.isEmpty() || resumeLabels == null) {
            return variables;
        }
        InsnList code = body.instructions;
        int n = code.size();
        BitSet named = new BitSet();
        for (LocalVariableNode v : variables) {
            if (isStatic || v.index != 0) {
                named.set(v.index);
            }
        }
        if (named.isEmpty()) {
            return variables;
        }
        List<List<Integer>> successors = successors(body);
        BitSet[] in = new BitSet[n];
        Deque<Integer> work = new ArrayDeque<>();
        int entry = firstReal(code.getFirst(), code);
        if (entry >= 0) {
            in[entry] = new BitSet();
            work.add(entry);
        }
        for (LabelNode resume : resumeLabels) {
            if (resume == null) {
                continue;
            }
            int at = firstReal(resume, code);
            if (at >= 0) {
                in[at] = in[at] == null ? (BitSet) named.clone() : or(in[at], named);
                work.add(at);
            }
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            AbstractInsnNode insn = code.get(i);
            BitSet out = (BitSet) in[i].clone();
            if (insn instanceof VarInsnNode var && var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE) {
                out.clear(var.var);
            }
            for (int s : successors.get(i)) {
                // an exception edge leaves before the instruction's store: what was suspect before it still is
                BitSet flow = s < 0 ? in[i] : out;
                int target = s < 0 ? -s - 1 : s;
                if (in[target] == null) {
                    in[target] = (BitSet) flow.clone();
                    work.add(target);
                } else {
                    BitSet merged = or(in[target], flow);
                    if (!merged.equals(in[target])) {
                        in[target] = merged;
                        work.add(target);
                    }
                }
            }
        }

        // split each entry into the runs of its range where its slot holds the variable's own value
        Map<AbstractInsnNode, LabelNode> labels = new IdentityHashMap<>();
        List<LocalVariableNode> out = new ArrayList<>();
        for (LocalVariableNode v : variables) {
            int start = code.indexOf(v.start);
            int end = code.indexOf(v.end);
            LabelNode runStart = null;
            for (int i = start; i < end; i++) {
                AbstractInsnNode insn = code.get(i);
                if (insn.getOpcode() < 0) {
                    continue;
                }
                boolean visible = in[i] == null || !in[i].get(v.index);
                if (visible && runStart == null) {
                    runStart = i == firstReal(v.start, code) ? v.start : labelBefore(insn, labels);
                } else if (!visible && runStart != null) {
                    out.add(new LocalVariableNode(v.name, v.desc, v.signature, runStart, labelBefore(insn, labels), v.index));
                    runStart = null;
                }
            }
            if (runStart != null) {
                out.add(new LocalVariableNode(v.name, v.desc, v.signature, runStart, v.end, v.index));
            }
        }
        for (Map.Entry<AbstractInsnNode, LabelNode> e : labels.entrySet()) {
            code.insertBefore(e.getKey(), e.getValue());
        }
        return out;
    }

    private static LabelNode labelBefore(AbstractInsnNode insn, Map<AbstractInsnNode, LabelNode> labels) {
        return labels.computeIfAbsent(insn, k -> new LabelNode());
    }

    private static BitSet or(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.or(b);
        return c;
    }

    /** The index of the first real instruction at or after {@code from}, or -1. */
    private static int firstReal(AbstractInsnNode from, InsnList code) {
        for (AbstractInsnNode insn = from; insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                return code.indexOf(insn);
            }
        }
        return -1;
    }

    /**
     * The successors of every instruction, by index: the next instruction, jump and switch targets, and
     * ({@code -index - 1}) the handlers of the try blocks covering it. Pseudo-instructions (labels, lines,
     * frames) fall through to the next node. Also {@code FreshBody}'s reachability.
     */
    static List<List<Integer>> successors(MethodNode body) {
        InsnList code = body.instructions;
        int n = code.size();
        List<List<Integer>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = code.get(i);
            List<Integer> next = out.get(i);
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode jump) {
                next.add(code.indexOf(jump.label));
                if (op != Opcodes.GOTO && op != Opcodes.JSR) {
                    next.add(i + 1);
                }
            } else if (insn instanceof TableSwitchInsnNode sw) {
                next.add(code.indexOf(sw.dflt));
                sw.labels.forEach(l -> next.add(code.indexOf(l)));
            } else if (insn instanceof LookupSwitchInsnNode sw) {
                next.add(code.indexOf(sw.dflt));
                sw.labels.forEach(l -> next.add(code.indexOf(l)));
            } else if (!(op >= Opcodes.IRETURN && op <= Opcodes.RETURN) && op != Opcodes.ATHROW && op != Opcodes.RET && i + 1 < n) {
                next.add(i + 1);
            }
        }
        for (TryCatchBlockNode tcb : body.tryCatchBlocks) {
            int start = code.indexOf(tcb.start);
            int end = code.indexOf(tcb.end);
            int handler = code.indexOf(tcb.handler);
            for (int i = start; i < end; i++) {
                if (code.get(i).getOpcode() >= 0) {
                    out.get(i).add(-handler - 1);
                }
            }
        }
        return out;
    }
}
