package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Armed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * design.md, "Handlers": dispatch, spill and resume code lie outside every user try range; only the single
 * {@code ctx.takeX()} of a resume block is covered, by copies of exactly the handlers that covered the original call.
 */
class HandlersShapeTest {
    private static final String OUTER = "(Ljava/lang/String;Ljava/util/function/Supplier;)Ljava/lang/Object;";

    /** The real instructions a try-catch entry covers. */
    private static List<AbstractInsnNode> covered(MethodNode m, TryCatchBlockNode tcb) {
        List<AbstractInsnNode> out = new ArrayList<>();
        for (AbstractInsnNode i = tcb.start; i != tcb.end; i = i.getNext()) {
            if (i.getOpcode() >= 0) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean isTake(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.CONTEXT) && m.name.startsWith("take");
    }

    @Test
    void onlyTheTakeOfTheResumedCall_isCovered_byACopyOfTheCallsHandler() throws IOException {
        MethodNode body = body(Shapes.rewrite(Armed.class), "outer", OUTER);
        String text = listing(body);
        List<TryCatchBlockNode> copies = new ArrayList<>();
        for (TryCatchBlockNode tcb : body.tryCatchBlocks) {
            List<AbstractInsnNode> code = covered(body, tcb);
            for (AbstractInsnNode insn : code) {
                assertTrue(!(insn instanceof MethodInsnNode m && m.owner.equals(BytecodeContract.SUSPENSION)
                        && !Shapes.callsArm().test(m) && !m.name.equals(BytecodeContract.CALLED)),
                        () -> "spill code under a user handler: " + ((MethodInsnNode) insn).name + "\n" + text);
                assertTrue(insn.getOpcode() != Opcodes.TABLESWITCH, "the dispatch under a user handler\n" + text);
            }
            if (code.stream().anyMatch(HandlersShapeTest::isTake)) {
                // aload ctx; aload in; invokevirtual takeX: loads that cannot throw, and the take
                assertEquals(3, code.size(), "a copy covers the take alone\n" + text);
                assertTrue(isTake(code.get(2)), text);
                copies.add(tcb);
            }
        }
        // one user try block (around inner(s)), so one copy: for the second suspension point, the call of inner
        assertEquals(1, copies.size(), text);
        TryCatchBlockNode original = body.tryCatchBlocks.get(0);
        assertEquals("java/lang/IllegalStateException", copies.get(0).type, text);
        assertEquals(original.handler, copies.get(0).handler, "the copy jumps to the user's handler\n" + text);
        assertTrue(covered(body, original).stream().anyMatch(i -> i instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode m
                && m.name.equals("inner") || i instanceof MethodInsnNode c && c.name.equals(BytecodeContract.VIRTUAL_ENTRY_PREFIX + "inner")),
                "the call of inner (its call site, or on this the own entry) under the user's handler\n" + text);
    }
}
