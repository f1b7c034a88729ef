package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The code at the edges of the body: the resume dispatch at its entry, and the disarm at each handler.
 *
 * <pre>
 * if (f != null) switch (f.point.state) { case 1: goto resume1; ... default: throw Suspension.badState(f); }
 * if (f != null) goto resume1;   // a method with one suspension point
 * handler:  Suspension.disarm(ctx); ...   // a call that threw before its callee took the key leaves none behind
 * </pre>
 *
 * <p><b>Requires:</b> every point's resume label placed. <b>Establishes:</b> a fresh call ({@code f == null})
 * runs the original code from its first instruction; a resume goes to its point's block.
 */
final class DispatchEmitter {
    private DispatchEmitter() {
    }

    /** The dispatch; nothing for a method that keeps no frame (it is never resumed). */
    static InsnList dispatch(MethodPlan plan, LabelNode[] resumeLabels) {
        InsnList out = new InsnList();
        if (!plan.keepsFrame()) {
            return out;
        }
        int frameSlot = plan.frameSlot();
        if (plan.onePoint()) {
            // one point: a frame handed in stops there. Only that point's ResumePoint calls this body's adapter, so
            // reading its state back would only test what the call got here by (design.md, "Frame layout")
            out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            out.add(new JumpInsnNode(Opcodes.IFNONNULL, resumeLabels[0]));
            return out;
        }
        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new JumpInsnNode(Opcodes.IFNULL, start));
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, BytecodeContract.FRAME, BytecodeContract.FRAME_POINT, BytecodeContract.RESUME_POINT_DESCRIPTOR));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, BytecodeContract.RESUME_POINT, BytecodeContract.RESUME_POINT_STATE, "I"));
        out.add(new TableSwitchInsnNode(1, resumeLabels.length, bad, resumeLabels));
        out.add(bad);
        out.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        out.add(Insns.invokeSuspension(BytecodeContract.BAD_STATE, BytecodeContract.BAD_STATE_DESCRIPTOR));
        out.add(new InsnNode(Opcodes.ATHROW));
        out.add(start);
        return out;
    }

    /**
     * {@code Suspension.disarm(ctx)} at the start of every handler of a method that arms calls: a call at a
     * suspension point that threw before its callee took the key must not leave it for the next call.
     *
     * <p>No handler covers its own disarm. javac's {@code finally} handler after a {@code catch} covers its own
     * first instruction (an {@code astore}, which cannot throw); a call there, covered by the handler it starts,
     * makes HotSpot's C1 give up on the method ("exception handler covers itself"): it ran interpreted until C2
     * took it, for tens of seconds in a rewritten Jackson. Such an entry is split around the disarm, whose
     * exceptions (none but a {@link StackOverflowError}) then go to the enclosing handlers.
     */
    static void disarmAtHandlers(MethodPlan plan, MethodNode method) {
        if (!plan.armsCalls()) {
            return;
        }
        Set<LabelNode> handlers = new LinkedHashSet<>();
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            handlers.add(tcb.handler);
        }
        for (LabelNode handler : handlers) {
            InsnList disarm = new InsnList();
            disarm.add(new VarInsnNode(Opcodes.ALOAD, plan.contextSlot()));
            disarm.add(Insns.invokeSuspension(BytecodeContract.DISARM, BytecodeContract.DISARM_DESCRIPTOR));
            LabelNode after = new LabelNode();
            disarm.add(after);
            AbstractInsnNode at = handler;
            while (at.getNext() != null && (at.getNext() instanceof LineNumberNode || at.getNext() instanceof FrameNode)) {
                at = at.getNext();
            }
            method.instructions.insert(at, disarm);
            uncoverOwnStart(method, handler, after);
        }
    }

    /** Splits every entry of {@code handler} that covers it into the part before it and the part from {@code after} on. */
    private static void uncoverOwnStart(MethodNode method, LabelNode handler, LabelNode after) {
        int h = method.instructions.indexOf(handler);
        int a = method.instructions.indexOf(after);
        List<TryCatchBlockNode> out = new ArrayList<>(method.tryCatchBlocks.size());
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            int start = method.instructions.indexOf(tcb.start);
            int end = method.instructions.indexOf(tcb.end);
            if (tcb.handler != handler || h < start || h >= end) {
                out.add(tcb);
                continue;
            }
            // the same place in the list for both parts: the order of the entries is their priority
            if (start < h) {
                out.add(copy(tcb, tcb.start, handler));
            }
            if (a < end) {
                out.add(copy(tcb, after, tcb.end));
            }
        }
        method.tryCatchBlocks = out;
    }

    private static TryCatchBlockNode copy(TryCatchBlockNode tcb, LabelNode start, LabelNode end) {
        TryCatchBlockNode part = new TryCatchBlockNode(start, end, tcb.handler, tcb.type);
        part.visibleTypeAnnotations = tcb.visibleTypeAnnotations;
        part.invisibleTypeAnnotations = tcb.invisibleTypeAnnotations;
        return part;
    }
}
