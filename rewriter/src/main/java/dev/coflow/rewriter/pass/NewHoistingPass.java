package dev.coflow.rewriter.pass;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Moves {@code new C; dup} that is open across a suspension point to just before its constructor
 * call, so no uninitialised object is on the stack when the method suspends (an uninitialised
 * value cannot be saved: JVMS 4.10.1.9).
 *
 * <p><b>Requires:</b> the method's suspension points, by instruction. <b>Establishes:</b> no
 * {@code new}/{@code <init>} pair of javac's shape encloses a suspension point; returns the pairs
 * of other shapes it could not move, which the caller refuses.
 *
 * <pre>
 * before:  new Foo; dup; aload a; invokestatic Coroutines.yield; invokespecial Foo.&lt;init&gt;(LA;LObject;)V
 * after:   aload a; invokestatic Coroutines.yield; astore t1; astore t0; new Foo; dup; aload t0; aload t1;
 *          invokespecial Foo.&lt;init&gt;(LA;LObject;)V
 * </pre>
 * Observable difference, documented: {@code Foo}'s static initialiser now runs after the
 * arguments are evaluated, not before (see cases/NewWithYieldArgument).
 *
 * <p>A pair is moved when its two copies only sit on the operand stack, or are spilled to locals
 * and loaded back: javac does that for a switch expression containing {@code try} among the
 * arguments ({@code new Foo; dup; astore a; astore b; ... aload b; aload a; ...}); the stores and
 * loads of the copies go with the pair (see cases/NewWithSwitchTryArgument). Any other shape is
 * returned as refused (see NewHoistingPassTest).
 */
public final class NewHoistingPass {
    private NewHoistingPass() {
    }

    /**
     * Rewrites {@code method} (of class {@code owner}, an internal name) in place; {@code firstFreeLocal}
     * is the first local slot it may use for temporaries. Returns the constructor calls that enclose a
     * suspension point in a shape that could not be moved (empty on success) and the next free slot.
     */
    public static Result apply(String owner, MethodNode method, Set<AbstractInsnNode> suspensionPoints, int firstFreeLocal) {
        InsnList insns = method.instructions;
        List<AbstractInsnNode> refused = new ArrayList<>();
        List<AbstractInsnNode[]> movable = new ArrayList<>();
        List<List<AbstractInsnNode>> spilled = new ArrayList<>();
        Frame<SourceValue>[] sources = null;
        for (AbstractInsnNode[] pair : pairs(insns)) {
            AbstractInsnNode newInsn = pair[0];
            MethodInsnNode init = (MethodInsnNode) pair[1];
            if (!enclosesSuspension(newInsn, init, suspensionPoints)) {
                continue;
            }
            AbstractInsnNode dup = next(newInsn);
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                refused.add(init);
                continue;
            }
            if (sources == null) {
                sources = sources(owner, method);
            }
            // decided on the unmoved method for every pair first: moving changes instruction indices
            List<AbstractInsnNode> spills = copySpills(sources, insns, newInsn, dup, init);
            if (spills != null) {
                movable.add(new AbstractInsnNode[] {newInsn, dup, init});
                spilled.add(spills);
            } else {
                refused.add(init);
            }
        }
        int nextLocal = firstFreeLocal;
        for (int p = 0; p < movable.size(); p++) {
            AbstractInsnNode[] pair = movable.get(p);
            for (AbstractInsnNode spill : spilled.get(p)) {
                insns.remove(spill);
            }
            MethodInsnNode init = (MethodInsnNode) pair[2];
            Type[] args = Type.getArgumentTypes(init.desc);
            int[] slots = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                slots[i] = nextLocal;
                nextLocal += args[i].getSize();
            }
            InsnList before = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, ((TypeInsnNode) pair[0]).desc));
            before.add(new InsnNode(Opcodes.DUP));
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            insns.insertBefore(init, before);
            insns.remove(pair[1]);
            insns.remove(pair[0]);
        }
        return new Result(refused, nextLocal);
    }

    /**
     * Whether the two copies made by {@code newInsn} and {@code dup} can be moved, and if so which
     * instructions spill them: {@code null} when they cannot; else the {@code astore}s and
     * {@code aload}s of copies to delete with the pair (empty when the copies stay on the stack).
     *
     * <p>Between {@code dup} and {@code init} a copy may only be stored to a local by {@code astore}
     * and loaded back by {@code aload} (javac does this for a switch expression containing
     * {@code try} among the arguments: it spills the whole stack to locals); nothing may duplicate,
     * swap or pop one. At {@code init}, on every path, the receiver and the value below it must be
     * copies. Sources (ASM's {@code SourceInterpreter}) are those of the method before any pair moves.
     */
    private static List<AbstractInsnNode> copySpills(Frame<SourceValue>[] sources, InsnList insns, AbstractInsnNode newInsn,
                                                     AbstractInsnNode dup, MethodInsnNode init) {
        if (sources == null) {
            return null;
        }
        Set<AbstractInsnNode> copies = new HashSet<>(List.of(newInsn, dup));
        Set<AbstractInsnNode> stores = new HashSet<>();
        List<AbstractInsnNode> spills = new ArrayList<>();
        for (AbstractInsnNode insn = dup.getNext(); insn != null && insn != init; insn = insn.getNext()) {
            Frame<SourceValue> frame = sources[insns.indexOf(insn)];
            if (frame == null) {
                continue;
            }
            if (insn.getOpcode() == Opcodes.ALOAD && isCopy(frame.getLocal(((VarInsnNode) insn).var), stores)) {
                if (!frame.getLocal(((VarInsnNode) insn).var).insns.stream().allMatch(stores::contains)) {
                    return null; // the local holds a copy on some paths only
                }
                copies.add(insn);
                spills.add(insn);
                continue;
            }
            int touched = stackEntriesTouched(insn.getOpcode(), frame);
            for (int i = 0; i < touched; i++) {
                SourceValue value = frame.getStack(frame.getStackSize() - 1 - i);
                if (!isCopy(value, copies)) {
                    continue;
                }
                if (insn.getOpcode() != Opcodes.ASTORE || !copies.containsAll(value.insns)) {
                    return null;
                }
                stores.add(insn);
                spills.add(insn);
            }
        }
        Frame<SourceValue> atInit = sources[insns.indexOf(init)];
        int receiver = atInit == null ? -1 : atInit.getStackSize() - 1 - Type.getArgumentTypes(init.desc).length;
        if (receiver < 1 || !copies.containsAll(atInit.getStack(receiver).insns)
                || !copies.containsAll(atInit.getStack(receiver - 1).insns)) {
            return null;
        }
        // every load of a spilled copy must be one we delete: no other reader of those locals
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            Frame<SourceValue> frame = sources[insns.indexOf(insn)];
            if (frame != null && insn instanceof VarInsnNode var && var.getOpcode() >= Opcodes.ILOAD && var.getOpcode() <= Opcodes.ALOAD
                    && isCopy(frame.getLocal(var.var), stores) && !spills.contains(insn)) {
                return null;
            }
        }
        return spills;
    }

    private static boolean isCopy(SourceValue value, Set<AbstractInsnNode> producers) {
        for (AbstractInsnNode insn : value.insns) {
            if (producers.contains(insn)) {
                return true;
            }
        }
        return false;
    }

    /** How many entries at the top of {@code frame}'s stack a stack-shuffling or storing instruction reads or moves. */
    private static int stackEntriesTouched(int opcode, Frame<SourceValue> frame) {
        int size = frame.getStackSize();
        switch (opcode) {
            case Opcodes.ASTORE:
            case Opcodes.POP:
            case Opcodes.DUP:
                return 1;
            case Opcodes.SWAP:
            case Opcodes.DUP_X1:
                return 2;
            case Opcodes.POP2:
            case Opcodes.DUP2:
                return wide(frame, size, 0) ? 1 : 2;
            case Opcodes.DUP_X2:
                return wide(frame, size, 1) ? 2 : 3;
            case Opcodes.DUP2_X1:
                return wide(frame, size, 0) ? 2 : 3;
            case Opcodes.DUP2_X2:
                if (wide(frame, size, 0)) {
                    return wide(frame, size, 1) ? 2 : 3;
                }
                return wide(frame, size, 2) ? 3 : 4;
            default:
                return 0;
        }
    }

    private static boolean wide(Frame<SourceValue> frame, int size, int fromTop) {
        return size - 1 - fromTop >= 0 && frame.getStack(size - 1 - fromTop).getSize() == 2;
    }

    /** The producers of every value, per instruction, or {@code null} if the method cannot be analysed. */
    private static Frame<SourceValue>[] sources(String owner, MethodNode method) {
        try {
            return new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
        } catch (AnalyzerException e) {
            return null;
        }
    }

    /** What {@link #apply} did. */
    public record Result(List<AbstractInsnNode> refused, int nextFreeLocal) {
    }

    /** Whether some {@code new}/{@code <init>} pair still encloses a suspension point. */
    public static boolean enclosesAny(MethodNode method, Set<AbstractInsnNode> suspensionPoints) {
        for (AbstractInsnNode[] pair : pairs(method.instructions)) {
            if (enclosesSuspension(pair[0], pair[1], suspensionPoints)) {
                return true;
            }
        }
        return false;
    }

    /** Pairs each {@code new} with its constructor call, by nesting in instruction order. */
    private static List<AbstractInsnNode[]> pairs(InsnList insns) {
        List<AbstractInsnNode[]> pairs = new ArrayList<>();
        Deque<AbstractInsnNode> open = new ArrayDeque<>();
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.NEW) {
                open.push(insn);
            } else if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>") && !open.isEmpty()
                    && ((TypeInsnNode) open.peek()).desc.equals(call.owner)) {
                pairs.add(new AbstractInsnNode[] {open.pop(), call});
            }
        }
        return pairs;
    }

    private static boolean enclosesSuspension(AbstractInsnNode from, AbstractInsnNode to, Set<AbstractInsnNode> points) {
        for (AbstractInsnNode insn = from; insn != null && insn != to; insn = insn.getNext()) {
            if (points.contains(insn)) {
                return true;
            }
        }
        return false;
    }

    private static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }
}
