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
 * {@code arm(ctx, key)} right before each static call at a suspension point ({@code armVirtual} with a copy of the
 * receiver before an interface call, {@code armSpecial} with the class it names before a {@code super}
 * call), {@code called(ctx)} right after it,
 * {@code disarm(ctx)} first in every handler; nothing of it around a yield. A virtual call is not armed: it calls the
 * virtual entry of its receiver's class with the context ({@code DirectCallPass}).
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
        return loadsContext(insn, CONTEXT);
    }

    private static boolean loadsContext(AbstractInsnNode insn, int slot) {
        return insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == slot;
    }

    /**
     * Asserts, right before {@code call}: the receiver copied from under the arguments ({@code copy}), then
     * {@code arm(receiver, ctx, key)}; and {@code called(ctx); ifne} right after it.
     */
    private static void assertArmedAround(MethodInsnNode call, String arm, String key, String text, int... copy) {
        assertArmedAround(CONTEXT, call, arm, key, text, copy);
    }

    private static void assertArmedAround(int contextSlot, MethodInsnNode call, String arm, String key, String text, int... copy) {
        AbstractInsnNode armCall = previousReal(call);
        assertTrue(callsSuspension(arm).test(armCall), "no " + arm + " right before " + call.name + "\n" + text);
        AbstractInsnNode constant = previousReal(armCall);
        assertTrue(constant instanceof LdcInsnNode ldc && ldc.cst.equals(BytecodeContract.key(key)),
                "the key of " + key + " must be armed\n" + text);
        AbstractInsnNode insn = previousReal(constant);
        assertTrue(loadsContext(insn, contextSlot), text);
        for (int i = copy.length - 1; i >= 0; i--) {
            insn = previousReal(insn);
            assertEquals(copy[i], insn.getOpcode(), "the copy of the receiver of " + call.name + "\n" + text);
        }
        AbstractInsnNode context = nextReal(call);
        assertTrue(loadsContext(context, contextSlot), "no called(ctx) right after " + call.name + "\n" + text);
        AbstractInsnNode called = nextReal(context);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(called), "no called right after " + call.name + "\n" + text);
        assertEquals(Opcodes.IFNE, nextReal(called).getOpcode(), text);
    }

    @Test
    void callsAtSuspensionPoints_areArmedForTheirReceiverAndChecked() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        MethodInsnNode get = (MethodInsnNode) Shapes.real(body).stream()
                .filter(Shapes.calls("java/util/function/Supplier", "get")).findFirst().orElseThrow();
        // through an interface: the key of "*" + name + descriptor, which any implementation's bridge accepts
        assertArmedAround(get, BytecodeContract.ARM_VIRTUAL, "*get()Ljava/lang/Object;", text, Opcodes.DUP);
        assertEquals(1, count(body, Shapes.callsArm()), "one arm per interface call point; none for a virtual call\n" + text);
        assertEquals(2, count(body, callsSuspension(BytecodeContract.CALLED)), "one check per call point\n" + text);
    }

    /**
     * A virtual call at a suspension point calls the receiver's class's virtual entry ({@code coflow$call$inner}, through
     * {@code Bootstrap.virtualCall}) with the caller's context, the receiver and arguments as they were: no arm, no call
     * of the bridge; the check after it stays.
     */
    @Test
    void aVirtualCall_goesToTheVirtualEntry_withTheContext_andIsChecked() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        assertEquals(0, count(body, Shapes.calls(OWNER, "inner", "(Ljava/lang/String;)Ljava/lang/Object;")), "a call of inner's bridge\n" + text);
        AbstractInsnNode indy = Shapes.real(body).stream().filter(Shapes.callsVirtualEntry("inner",
                        "(Ldev/coflow/shapefixture/Armed;Ljava/lang/String;Ldev/coflow/runtime/Context;)Ljava/lang/Object;"))
                .findFirst().orElseThrow(() -> new AssertionError("no virtual call of inner\n" + text));
        assertTrue(loadsContext(previousReal(indy)), "the context right before the call\n" + text);
        AbstractInsnNode argument = previousReal(previousReal(indy));
        assertTrue(argument instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 1, "the argument s\n" + text);
        assertTrue(previousReal(argument) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0, "the receiver\n" + text);
        AbstractInsnNode context = nextReal(indy);
        assertTrue(loadsContext(context), "no called(ctx) right after the call\n" + text);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(nextReal(context)), text);
        assertEquals(Opcodes.IFNE, nextReal(nextReal(context)).getOpcode(), text);
    }

    /** The receiver under a long, under two or more arguments (set aside in temporaries); a static call's key, which names its class. */
    @Test
    void theReceiverIsCopiedFromUnderEveryKindOfArguments() throws IOException {
        org.objectweb.asm.tree.ClassNode node = Shapes.rewrite(dev.coflow.shapefixture.ArmedReceivers.class);
        MethodNode body = body(node, "calls", "(Ldev/coflow/shapefixture/ArmedReceiver;)J");
        String text = listing(body);
        String owner = "dev/coflow/shapefixture/ArmedReceivers";
        MethodInsnNode wide = (MethodInsnNode) Shapes.real(body).stream().filter(Shapes.calls(owner.replace("Receivers", "Receiver"), "wide")).findFirst()
                .orElseThrow(() -> new AssertionError("no interface call of wide\n" + text));
        // [r, J] dup2_x1 -> [J, r, J]; pop2 -> [J, r]; dup_x2 -> [r, J, r]
        assertArmedAround(1, wide, BytecodeContract.ARM_VIRTUAL, "*wide(J)J", text, Opcodes.DUP2_X1, Opcodes.POP2, Opcodes.DUP_X2);
        MethodInsnNode many = (MethodInsnNode) Shapes.real(body).stream().filter(Shapes.calls(owner.replace("Receivers", "Receiver"), "many")).findFirst().orElseThrow();
        // the arguments go to temporaries (last first), the receiver is copied, and they come back after the arm
        AbstractInsnNode back = previousReal(many);
        int[] loads = {Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.ALOAD};
        int[] slots = new int[3];
        for (int i = loads.length - 1; i >= 0; i--) {
            assertEquals(loads[i], back.getOpcode(), "put back\n" + text);
            slots[i] = ((VarInsnNode) back).var;
            back = previousReal(back);
        }
        assertTrue(slots[1] == slots[0] + 1 && slots[2] == slots[1] + 2, "temporaries in order\n" + text);
        assertTrue(callsSuspension(BytecodeContract.ARM_VIRTUAL).test(back), text);
        AbstractInsnNode dup = previousReal(previousReal(previousReal(back)));
        assertEquals(Opcodes.DUP, dup.getOpcode(), text);
        AbstractInsnNode store = previousReal(dup);
        int[] stores = {Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.ASTORE};
        for (int i = 0; i < stores.length; i++) {
            assertEquals(stores[i], store.getOpcode(), "set aside\n" + text);
            assertEquals(slots[i], ((VarInsnNode) store).var, text);
            store = previousReal(store);
        }
        MethodInsnNode helper = (MethodInsnNode) Shapes.real(body).stream().filter(Shapes.calls(owner + "$Other", "helper")).findFirst().orElseThrow();
        // a static call's key names the class that declares the method, as its bridge's does
        assertArmedAround(1, helper, BytecodeContract.ARM, BytecodeContract.staticCall(owner + "$Other", "helper(IJ)J"), text);
        MethodInsnNode inherited = (MethodInsnNode) Shapes.real(body).stream().filter(Shapes.calls(owner + "$Derived", "inherited"))
                .findFirst().orElseThrow(() -> new AssertionError("no call of Derived.inherited\n" + text));
        assertArmedAround(1, inherited, BytecodeContract.ARM, BytecodeContract.staticCall(owner + "$Base", "inherited(J)J"), text);
        assertTrue(body.maxLocals > slots[2], text);
    }

    /** A {@code super} call is armed for the class the instruction names, where the JVM looks the method up: no receiver copied. */
    @Test
    void aSuperCall_isArmedForTheClassItNames() throws IOException {
        MethodNode body = body(Shapes.rewrite(dev.coflow.shapefixture.ArmedSuper.class), "many", "(IJLjava/lang/String;)J");
        String text = listing(body);
        String owner = "dev/coflow/shapefixture/ArmedReceivers";
        MethodInsnNode call = (MethodInsnNode) Shapes.real(body).stream().filter(Shapes.calls(owner, "many")).findFirst().orElseThrow(
                () -> new AssertionError("no super call of many\n" + text));
        assertEquals(Opcodes.INVOKESPECIAL, call.getOpcode(), text);
        int contextSlot = 5; // this, int, long (2), String
        assertArmedAround(contextSlot, call, BytecodeContract.ARM_SPECIAL, "many(IJLjava/lang/String;)J", text);
        AbstractInsnNode constant = previousReal(previousReal(previousReal(previousReal(call))));
        assertTrue(constant instanceof LdcInsnNode ldc && ldc.cst.equals(org.objectweb.asm.Type.getObjectType(owner)),
                "the class the call names, before the context\n" + text);
        assertEquals(1, count(body, Shapes.callsArm()), text);
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
            assertTrue(!Shapes.callsArm().test(previousReal(previousReal(yield))), "a yield armed\n" + text);
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
        assertEquals(0, count(body, Shapes.callsArm()), text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.CALLED)), text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.DISARM)), text);
        assertEquals(1, count(body, callsSuspension(BytecodeContract.SUSPEND_YIELD)), text);
    }
}
