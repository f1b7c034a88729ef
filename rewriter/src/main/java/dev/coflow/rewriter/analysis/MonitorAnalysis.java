package dev.coflow.rewriter.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;

/**
 * How many monitors ({@code synchronized} blocks) are held before each instruction: a forward pass
 * over the control-flow graph. A suspension point with a monitor held is refused, because a frame
 * cannot return with its monitor held (JVMS 2.11.10) and releasing it would change the program.
 *
 * @param depth per instruction index, the number of monitors held, or -1 if unreachable
 */
public record MonitorAnalysis(int[] depth) {
    private static final int LIMIT = 255;

    public static MonitorAnalysis of(InsnList instructions, FrameAnalysis flow) {
        int size = instructions.size();
        int[] depth = new int[size];
        Arrays.fill(depth, -1);
        if (size == 0) {
            return new MonitorAnalysis(depth);
        }
        AbstractInsnNode[] insns = instructions.toArray();
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int d = depth[i];
            int op = insns[i].getOpcode();
            int after = op == Opcodes.MONITORENTER ? d + 1 : op == Opcodes.MONITOREXIT ? Math.max(0, d - 1) : d;
            for (int s : flow.successors().get(i)) {
                propagate(depth, work, s, Math.min(after, LIMIT));
            }
            for (int h : flow.handlers().get(i)) {
                propagate(depth, work, h, d);
            }
        }
        return new MonitorAnalysis(depth);
    }

    private static void propagate(int[] depth, Deque<Integer> work, int target, int value) {
        if (value > depth[target]) {
            depth[target] = value;
            work.add(target);
        }
    }
}
