package dev.coflow.agent.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * arguments are evaluated, not before (see cases/NewAcrossYield).
 */
public final class NewHoistingPass {
    private NewHoistingPass() {
    }

    /**
     * Rewrites {@code method} in place; {@code firstFreeLocal} is the first local slot it may use for
     * temporaries. Returns the constructor calls that enclose a suspension point in a shape that
     * could not be moved (empty on success) and the next free slot, as {@code [count..., nextFree]}.
     */
    public static Result apply(MethodNode method, Set<AbstractInsnNode> suspensionPoints, int firstFreeLocal) {
        List<AbstractInsnNode[]> pairs = pairs(method.instructions);
        List<AbstractInsnNode> refused = new ArrayList<>();
        int nextLocal = firstFreeLocal;
        InsnList insns = method.instructions;
        for (AbstractInsnNode[] pair : pairs) {
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
            before.add(new TypeInsnNode(Opcodes.NEW, ((TypeInsnNode) newInsn).desc));
            before.add(new InsnNode(Opcodes.DUP));
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            insns.insertBefore(init, before);
            insns.remove(dup);
            insns.remove(newInsn);
        }
        return new Result(refused, nextLocal);
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
