package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static dev.coflow.rewriter.shape.Shapes.nextReal;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Finally;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The disarm at the start of a handler is never covered by that handler itself. javac's {@code finally} handler
 * covers its own first instruction (an {@code astore}, which cannot throw); a call there covered by its own
 * handler makes HotSpot's C1 give up on the whole method ("exception handler covers itself"), which then runs
 * interpreted until C2 takes it, if ever: a rewritten library ran tens of times slower for a long while.
 */
class SelfCoveringHandlerShapeTest {
    private static final String GUARDED = "(Ljava/lang/String;Ljava/util/function/Supplier;)Ljava/lang/Object;";

    private static boolean covers(MethodNode m, TryCatchBlockNode tcb, AbstractInsnNode insn) {
        int at = m.instructions.indexOf(insn);
        return m.instructions.indexOf(tcb.start) <= at && at < m.instructions.indexOf(tcb.end);
    }

    @Test
    void theFixture_hasAHandlerCoveringItsOwnStart() throws IOException {
        ClassNode original = Shapes.read(Shapes.bytesOf(Finally.class));
        MethodNode m = Shapes.method(original, "guarded", GUARDED);
        boolean self = m.tryCatchBlocks.stream().anyMatch(tcb -> covers(m, tcb, nextReal(tcb.handler)));
        assertTrue(self, "javac no longer covers a finally handler with itself: the test below proves nothing\n" + listing(m));
    }

    @Test
    void noHandler_coversTheDisarmAtItsOwnStart() throws IOException {
        MethodNode body = body(Shapes.rewrite(Finally.class), "guarded", GUARDED);
        String text = listing(body);
        int disarms = 0;
        for (TryCatchBlockNode tcb : body.tryCatchBlocks) {
            AbstractInsnNode first = nextReal(tcb.handler);   // aload ctx
            AbstractInsnNode disarm = nextReal(first);
            assertTrue(Shapes.callsSuspension(BytecodeContract.DISARM).test(disarm), "no disarm first in a handler\n" + text);
            disarms++;
            for (TryCatchBlockNode other : body.tryCatchBlocks) {
                if (other.handler == tcb.handler) {
                    assertTrue(!covers(body, other, disarm), "a handler covers its own disarm\n" + text);
                }
            }
        }
        assertTrue(disarms > 0, text);
    }
}
