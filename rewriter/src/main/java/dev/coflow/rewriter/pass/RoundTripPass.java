package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Test only (the agent's {@code roundTrips=true}): prepares a method that is about to be rewritten so
 * that it can be suspended and resumed at its entry, to check that suspending anywhere changes nothing
 * (see {@code dev.coflow.runtime.RoundTrips}). Runs on the copy, before every analysis, so the code it
 * adds is analysed, spilled and restored like the method's own:
 * <pre>
 * clean = RoundTrips.enter("name", "(original descriptor)");   // a new local
 * RoundTrips.point(clean);                                      // a ROUND_TRIP suspension point
 * ...
 * RoundTrips.arm(calleeName, calleeDescriptor or "*", "Owner.name", clean); callee(...); RoundTrips.disarm();   // each call that may suspend
 * </pre>
 * {@code StateMachinePass} turns {@code point} into {@code ctx = RoundTrips.begin(clean, ctx)} followed
 * by the spill of a yield when a round trip began. The resume path jumps past all of it.
 */
public final class RoundTripPass {
    private RoundTripPass() {
    }

    /** Adds the entry point and the arming around {@code calls} (the method's call suspension points). */
    public static void apply(String ownerName, MethodNode method, List<MethodInsnNode> calls) {
        int clean = method.maxLocals;
        method.maxLocals = clean + 1;
        method.maxStack += 4; // arm's arguments above the call's
        String armer = ownerName + "." + method.name;
        for (MethodInsnNode call : calls) {
            boolean anyCallee = call.getOpcode() == Opcodes.INVOKEINTERFACE;
            InsnList before = new InsnList();
            before.add(new LdcInsnNode(call.name));
            before.add(new LdcInsnNode(anyCallee ? BytecodeContract.ANY_CALLEE : call.desc));
            before.add(new LdcInsnNode(armer));
            before.add(new VarInsnNode(Opcodes.ILOAD, clean));
            before.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ROUND_TRIPS, BytecodeContract.ROUND_TRIP_ARM,
                    BytecodeContract.ROUND_TRIP_ARM_DESCRIPTOR, false));
            method.instructions.insertBefore(call, before);
            method.instructions.insert(call, new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ROUND_TRIPS,
                    BytecodeContract.ROUND_TRIP_DISARM, BytecodeContract.ROUND_TRIP_DISARM_DESCRIPTOR, false));
        }
        InsnList entry = new InsnList();
        entry.add(new LdcInsnNode(method.name));
        entry.add(new LdcInsnNode(method.desc));
        entry.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ROUND_TRIPS, BytecodeContract.ROUND_TRIP_ENTER,
                BytecodeContract.ROUND_TRIP_ENTER_DESCRIPTOR, false));
        entry.add(new InsnNode(Opcodes.DUP));
        entry.add(new VarInsnNode(Opcodes.ISTORE, clean));
        entry.add(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.ROUND_TRIPS, BytecodeContract.ROUND_TRIP_POINT,
                BytecodeContract.ROUND_TRIP_POINT_DESCRIPTOR, false));
        method.instructions.insert(entry);
    }

    /** Whether the instruction is the marker call {@link #apply} inserted at the entry. */
    public static boolean isPoint(org.objectweb.asm.tree.AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals(BytecodeContract.ROUND_TRIPS) && call.name.equals(BytecodeContract.ROUND_TRIP_POINT)
                && call.desc.equals(BytecodeContract.ROUND_TRIP_POINT_DESCRIPTOR);
    }
}
