package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static dev.coflow.rewriter.shape.Shapes.nextReal;
import static dev.coflow.rewriter.shape.Shapes.previousReal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Armed;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The armed-call protocol (design.md, "Exactness: armed calls"), as {@code StateMachinePass} emits it:
 * {@code arm(ctx, key)} right before each call at a suspension point, {@code called(ctx)} right after it,
 * {@code disarm(ctx)} first in every handler; nothing of it around a yield.
 */
class ArmedCallShapeTest {
    private static final String OWNER = "dev/coflow/shapefixture/Armed";
    private static final String OUTER = "(Ljava/lang/String;Ljava/util/function/Supplier;)Ljava/lang/Object;";
    /** The context parameter of the body of the instance method outer(String, Supplier): slot 3. */
    private static final int CONTEXT = 3;

    private static MethodNode outer() throws IOException {
        return body(Shapes.rewrite(Armed.class), "outer", OUTER);
    }

    private static boolean loadsContext(AbstractInsnNode insn) {
        return insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == CONTEXT;
    }

    /** Asserts arm(ctx, key) right before {@code call} and called(ctx); ifne right after it. */
    private static void assertArmedAround(MethodInsnNode call, String key, String text) {
        AbstractInsnNode arm = previousReal(call);
        assertTrue(callsSuspension(BytecodeContract.ARM).test(arm), "no arm right before " + call.name + "\n" + text);
        AbstractInsnNode constant = previousReal(arm);
        assertTrue(constant instanceof LdcInsnNode ldc && ldc.cst.equals(BytecodeContract.key(key)),
                "the key of " + key + " must be armed\n" + text);
        assertTrue(loadsContext(previousReal(constant)), text);
        AbstractInsnNode context = nextReal(call);
        assertTrue(loadsContext(context), "no called(ctx) right after " + call.name + "\n" + text);
        AbstractInsnNode called = nextReal(context);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(called), "no called right after " + call.name + "\n" + text);
        assertEquals(Opcodes.IFNE, nextReal(called).getOpcode(), text);
    }

    @Test
    void callsAtSuspensionPoints_areArmedAndChecked() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        MethodInsnNode inner = (MethodInsnNode) Shapes.real(body).stream()
                .filter(Shapes.calls(OWNER, "inner", "(Ljava/lang/String;)Ljava/lang/Object;")).findFirst().orElseThrow(
                        () -> new AssertionError("no call of inner's bridge\n" + text));
        assertArmedAround(inner, "inner(Ljava/lang/String;)Ljava/lang/Object;", text);
        MethodInsnNode get = (MethodInsnNode) Shapes.real(body).stream()
                .filter(Shapes.calls("java/util/function/Supplier", "get")).findFirst().orElseThrow();
        // through an interface: the key of "*" + name + descriptor, which any implementation's bridge accepts
        assertArmedAround(get, "*get()Ljava/lang/Object;", text);
        assertEquals(2, count(body, callsSuspension(BytecodeContract.ARM)), "one arm per call point\n" + text);
        assertEquals(2, count(body, callsSuspension(BytecodeContract.CALLED)), "one check per call point\n" + text);
    }

    @Test
    void yields_areNotArmed() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        List<AbstractInsnNode> yields = Shapes.real(body).stream().filter(callsSuspension(BytecodeContract.SUSPEND_YIELD)).toList();
        assertEquals(2, yields.size(), text);
        for (AbstractInsnNode yield : yields) {
            // [value] aload ctx; Suspension.yield; astore ctx; goto spill
            assertTrue(loadsContext(previousReal(yield)), text);
            assertTrue(!callsSuspension(BytecodeContract.ARM).test(previousReal(previousReal(yield))), "a yield armed\n" + text);
            AbstractInsnNode store = nextReal(yield);
            assertTrue(store instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == CONTEXT, text);
            assertEquals(Opcodes.GOTO, nextReal(store).getOpcode(), text);
        }
    }

    @Test
    void everyHandler_startsWithDisarm() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        assertTrue(!body.tryCatchBlocks.isEmpty(), text);
        for (TryCatchBlockNode handler : body.tryCatchBlocks) {
            AbstractInsnNode first = nextReal(handler.handler);
            assertTrue(loadsContext(first), "handler does not start with disarm(ctx)\n" + text);
            assertTrue(callsSuspension(BytecodeContract.DISARM).test(nextReal(first)), "handler does not start with disarm\n" + text);
        }
    }

    @Test
    void aBodyWithOnlyYields_armsAndDisarmsNothing() throws IOException {
        MethodNode body = body(Shapes.rewrite(Armed.class), "inner", "(Ljava/lang/String;)Ljava/lang/Object;");
        String text = listing(body);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.ARM)), text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.CALLED)), text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.DISARM)), text);
        assertEquals(1, count(body, callsSuspension(BytecodeContract.SUSPEND_YIELD)), text);
    }
}
