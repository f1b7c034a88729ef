package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The <b>fresh body</b>: the body a fresh call runs, the resume body's code without what only a resume runs
 * (the dispatch at the entry and each point's resume block), with only the context as extra parameter.
 *
 * <pre>
 * private synthetic R m(A a, Context ctx) {      // called by the bridge and by direct calls
 *     ...                                      // the same original code, arms, checks and spill calls
 * }
 * </pre>
 *
 * <p>A spill call hands on the frame slot, which is always {@code null} here: the call passes {@code null}
 * instead, and the slot is not used. Only a spill written in the body itself (too many values for a spill
 * method's parameters, {@link SpillEmitter}) stores the frame it obtains into the slot, and then the body starts
 * with {@code f = null}.
 *
 * <p>Why a copy: the JIT decides whether to inline a method by its whole size in bytes ({@code FreqInlineSize},
 * 325, for a hot call), however much of it never runs. In a library made suspendable (nothing suspends, every
 * call of a small helper is a fresh call) the dispatch and the resume blocks were about a third of a rewritten
 * body, and pushed small hot helpers past that limit. A resumed frame runs the resume body from its point
 * to the end of the method, including the fresh calls it makes; a fresh call never enters the resume body.
 * Slots are the resume body's: the frame and the value handed in are plain locals here (the latter unused).
 *
 * <p><b>Requires:</b> the resume body finished ({@link StateMachinePass} step 4), its local variable table not yet
 * trimmed; {@code cut} the first and last instructions of the dispatch and of each resume block.
 * <b>Establishes:</b> a method that behaves as the resume body does when called with a {@code null} frame.
 */
final class FreshBody {
    private FreshBody() {
    }

    static MethodNode of(MethodNode body, MethodPlan plan, List<AbstractInsnNode[]> cut, List<TryCatchBlockNode> resumeHandlers,
                         List<LocalVariableNode> variables) {
        Set<AbstractInsnNode> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AbstractInsnNode[] range : cut) {
            for (AbstractInsnNode insn = range[0]; insn != null; insn = insn.getNext()) {
                skipped.add(insn);
                if (insn == range[1]) {
                    break;
                }
            }
        }
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode label) {
                labels.put(label, new LabelNode());
            }
        }
        MethodNode fresh = new MethodNode(AsmApi.LEVEL, body.access, body.name, plan.freshDescriptor(), null,
                body.exceptions.toArray(new String[0]));
        InsnList code = fresh.instructions;
        boolean storesFrame = false;
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!skipped.contains(insn)) {
                storesFrame |= insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == plan.frameSlot();
                code.add(insn.clone(labels));
            }
        }
        if (plan.keepsFrame()) {
            if (storesFrame) {
                // a spill in the body obtains its frame into the slot: no frame to reuse on a fresh call
                code.insert(new VarInsnNode(Opcodes.ASTORE, plan.frameSlot()));
                code.insert(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                // every bytecode counts against the JIT's inlining limits, and the slot is always null here
                for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) insn).var == plan.frameSlot()) {
                        AbstractInsnNode replaced = insn;
                        insn = new InsnNode(Opcodes.ACONST_NULL);
                        code.set(replaced, insn);
                    }
                }
            }
        }
        Set<TryCatchBlockNode> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        dropped.addAll(resumeHandlers);
        fresh.tryCatchBlocks = new ArrayList<>();
        for (TryCatchBlockNode tcb : body.tryCatchBlocks) {
            if (dropped.contains(tcb)) {
                continue;
            }
            TryCatchBlockNode copy = new TryCatchBlockNode(labels.get(tcb.start), labels.get(tcb.end), labels.get(tcb.handler), tcb.type);
            copy.visibleTypeAnnotations = tcb.visibleTypeAnnotations;
            copy.invisibleTypeAnnotations = tcb.invisibleTypeAnnotations;
            fresh.tryCatchBlocks.add(copy);
        }
        if (variables != null) {
            fresh.localVariables = new ArrayList<>();
            for (LocalVariableNode v : variables) {
                fresh.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start), labels.get(v.end), v.index));
            }
        }
        fresh.maxLocals = body.maxLocals;
        fresh.maxStack = body.maxStack;
        dropDeadCode(fresh);
        return fresh;
    }

    /**
     * Removes the code no fresh call reaches: what follows a yield runs only after a resume, in the resume body (a
     * yield always leaves for its spill), so in a generator most of the fresh body is dead. ASM would keep dead
     * code as {@code nop}s of the same size. Kept: the dead {@code aconst_null; athrow} pairs that carry a line no
     * breakpoint may stop at ({@link DebugLines}), before code that is kept. A line entry whose code is gone moves to the next instruction
     * kept, when that instruction still belongs to the line; handler entries and local variable ranges that cover
     * nothing kept are dropped.
     */
    static void dropDeadCode(MethodNode m) {
        InsnList code = m.instructions;
        AbstractInsnNode[] insns = code.toArray();
        boolean[] live = reachable(m, insns);
        boolean[] kept = live.clone();
        for (int i = 0; i + 1 < insns.length; i++) {
            if (isLineMarker(insns, i) && livesOn(insns, live, i + 2)) {
                kept[i] = true;
                kept[i + 1] = true;
            }
        }
        LineNumberNode pending = null;
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn instanceof LineNumberNode line) {
                pending = line;
                code.remove(insn);
            } else if (insn instanceof FrameNode) {
                code.remove(insn);
            } else if (insn.getOpcode() >= 0) {
                if (!kept[i]) {
                    code.remove(insn);
                } else if (pending != null) {
                    LabelNode at = new LabelNode();
                    code.insertBefore(insn, at);
                    code.insertBefore(insn, new LineNumberNode(pending.line, at));
                    pending = null;
                }
            }
        }
        dropJumpsToNext(code);
        m.tryCatchBlocks.removeIf(tcb -> !coversCode(tcb.start, tcb.end));
        if (m.localVariables != null) {
            m.localVariables.removeIf(v -> !coversCode(v.start, v.end));
        }
    }

    /**
     * Removes each {@code goto} whose target became the next instruction when the dead code between them was
     * dropped (a line marker's {@code goto over} whose dead pair went with the code it was for): three bytes each,
     * rare (14 in the fresh bodies of Jackson).
     */
    private static void dropJumpsToNext(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.GOTO && jumpsToNext((JumpInsnNode) insn)) {
                code.remove(insn);
            }
            insn = next;
        }
    }

    private static boolean jumpsToNext(JumpInsnNode jump) {
        for (AbstractInsnNode at = jump.getNext(); at != null && at.getOpcode() < 0; at = at.getNext()) {
            if (at == jump.label) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether code from {@code from} to the next line entry runs: a line marker is kept only for code that is kept.
     * Else a debugger that sets a breakpoint at a line's first location only (jdb) would find it on the marker of a
     * point the fresh body never reaches, ahead of the resume body, and never stop.
     */
    private static boolean livesOn(AbstractInsnNode[] insns, boolean[] live, int from) {
        for (int i = from; i < insns.length && !(insns[i] instanceof LineNumberNode); i++) {
            if (live[i] && insns[i].getOpcode() >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code aconst_null} right before an {@code athrow}: the dead instruction a line entry of DebugLines sits on. */
    private static boolean isLineMarker(AbstractInsnNode[] insns, int i) {
        return insns[i].getOpcode() == Opcodes.ACONST_NULL && i + 1 < insns.length && insns[i + 1].getOpcode() == Opcodes.ATHROW;
    }

    private static boolean coversCode(LabelNode start, LabelNode end) {
        for (AbstractInsnNode insn = start; insn != null && insn != end; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Which instructions run from the entry: jumps, switches, falling through, and handlers of a live range. */
    private static boolean[] reachable(MethodNode m, AbstractInsnNode[] insns) {
        List<List<Integer>> successors = LocalRanges.successors(m);
        boolean[] live = new boolean[insns.length];
        Deque<Integer> work = new ArrayDeque<>();
        if (insns.length > 0) {
            work.push(0);
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            if (live[i]) {
                continue;
            }
            live[i] = true;
            for (int next : successors.get(i)) {
                work.push(next < 0 ? -next - 1 : next); // an exception edge: the handler
            }
        }
        return live;
    }
}
