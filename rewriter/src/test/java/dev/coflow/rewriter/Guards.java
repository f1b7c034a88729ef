package dev.coflow.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Checks on a class whose only change is the guard of a refused method ({@code Suspension.enterRefused} at its entry). */
public final class Guards {
    private Guards() {
    }

    /** {@code rewritten} has no method added, and {@code method} starts with the guard call. */
    public static void assertOnlyGuarded(byte[] rewritten, String method) {
        assertNotNull(rewritten, "a refused method gets its guard, so the class changes");
        ClassNode node = new ClassNode();
        new ClassReader(rewritten).accept(node, 0);
        MethodNode found = null;
        for (MethodNode m : node.methods) {
            assertTrue(!m.name.startsWith("coflow$"), "nothing but the guard is added: " + m.name);
            if (m.name.equals(method)) {
                found = m;
            }
        }
        assertNotNull(found, method);
        AbstractInsnNode first = found.instructions.getFirst();
        while (first != null && first.getOpcode() < 0) {
            first = first.getNext();
        }
        assertTrue(first instanceof MethodInsnNode, method + " does not start with the guard");
        MethodInsnNode call = (MethodInsnNode) first;
        assertEquals(Opcodes.INVOKESTATIC, call.getOpcode());
        assertEquals(BytecodeContract.SUSPENSION + "." + BytecodeContract.ENTER_REFUSED + BytecodeContract.ENTER_REFUSED_DESCRIPTOR,
                call.owner + "." + call.name + call.desc);
    }
}
