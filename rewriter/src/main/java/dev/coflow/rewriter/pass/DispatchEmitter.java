package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import java.util.LinkedHashSet;
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
            AbstractInsnNode at = handler;
            while (at.getNext() != null && (at.getNext() instanceof LineNumberNode || at.getNext() instanceof FrameNode)) {
                at = at.getNext();
            }
            method.instructions.insert(at, disarm);
        }
    }
}
