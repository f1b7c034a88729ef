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
 * {@code arm(ctx, key)} right before each static call at a suspension point ({@code armSpecial} with the class it
 * names before a {@code super} call), {@code called(ctx)} right after it,
 * {@code disarm(ctx)} first in every handler; nothing of it around a yield. A virtual or interface call is not armed
 * in the code: it calls the virtual entry of its receiver's class with the context ({@code DirectCallPass}), and the
 * runtime arms it where there is none.
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

    /** Asserts, right before {@code call}: {@code arm(ctx, key)}; and {@code called(ctx); ifne} right after it. */
    private static void assertArmedAround(int contextSlot, MethodInsnNode call, String arm, String key, String text) {
        AbstractInsnNode armCall = previousReal(call);
        assertTrue(callsSuspension(arm).test(armCall), "no " + arm + " right before " + call.name + "\n" + text);
        AbstractInsnNode constant = previousReal(armCall);
        assertTrue(constant instanceof LdcInsnNode ldc && ldc.cst.equals(BytecodeContract.key(key)),
                "the key of " + key + " must be armed\n" + text);
        assertTrue(loadsContext(previousReal(constant), contextSlot), text);
        AbstractInsnNode context = nextReal(call);
        assertTrue(loadsContext(context, contextSlot), "no called(ctx) right after " + call.name + "\n" + text);
        AbstractInsnNode called = nextReal(context);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(called), "no called right after " + call.name + "\n" + text);
        assertEquals(Opcodes.IFNE, nextReal(called).getOpcode(), text);
    }

    @Test
    void callsAtSuspensionPoints_areChecked_andAnInterfaceCallGoesThroughTheReceiversEntry() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        assertEquals(0, count(body, Shapes.calls("java/util/function/Supplier", "get")), "a plain interface call of get\n" + text);
        AbstractInsnNode get = Shapes.real(body).stream().filter(Shapes.callsVirtualEntry("get",
                        "(Ljava/util/function/Supplier;Ldev/coflow/runtime/Context;)Ljava/lang/Object;"))
                .findFirst().orElseThrow(() -> new AssertionError("no interface call of get through Bootstrap.virtualCall\n" + text));
        assertTrue(loadsContext(previousReal(get)), "the context right before the call\n" + text);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(nextReal(nextReal(get))), "no called right after get\n" + text);
        assertEquals(0, count(body, Shapes.callsArm()), "no arm: both calls pass the context to the receiver's class\n" + text);
        assertEquals(2, count(body, callsSuspension(BytecodeContract.CALLED)), "one check per call point\n" + text);
    }

    /**
     * A virtual call at a suspension point calls the receiver's class's virtual entry ({@code coflow$call$inner}) with
     * the caller's context, the receiver and arguments as they were: no arm, no call of the bridge; the check after it
     * stays. Made on {@code this} of a method of the same class, it calls the entry with {@code invokevirtual}, no call
     * site (the agent's watcher makes it one if another agent changes the class: {@code RedefinedClassTest}).
     */
    @Test
    void aVirtualCall_goesToTheVirtualEntry_withTheContext_andIsChecked() throws IOException {
        MethodNode body = outer();
        String text = listing(body);
        String entryDescriptor = "(Ljava/lang/String;Ldev/coflow/runtime/Context;)Ljava/lang/Object;";
        assertEquals(0, count(body, Shapes.calls(OWNER, "inner", "(Ljava/lang/String;)Ljava/lang/Object;")), "a call of inner's bridge\n" + text);
        AbstractInsnNode direct = Shapes.real(body).stream().filter(Shapes.calls(OWNER, BytecodeContract.VIRTUAL_ENTRY_PREFIX + "inner",
                        entryDescriptor)).findFirst().orElseThrow(() -> new AssertionError("no call of the own entry\n" + text));
        assertEquals(Opcodes.INVOKEVIRTUAL, direct.getOpcode(), text);
        assertEquals(0, count(body, Shapes.callsVirtualEntry("inner",
                "(Ldev/coflow/shapefixture/Armed;Ljava/lang/String;Ldev/coflow/runtime/Context;)Ljava/lang/Object;")), "no call site\n" + text);
        assertTrue(loadsContext(previousReal(direct)), "the context right before the call\n" + text);
        AbstractInsnNode argument = previousReal(previousReal(direct));
        assertTrue(argument instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 1, "the argument s\n" + text);
        assertTrue(previousReal(argument) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0, "the receiver\n" + text);
        AbstractInsnNode context = nextReal(direct);
        assertTrue(loadsContext(context), "no called(ctx) right after the call\n" + text);
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(nextReal(context)), text);
        assertEquals(Opcodes.IFNE, nextReal(nextReal(context)).getOpcode(), text);
    }

    /**
     * Interface calls whose receiver lies under a long, and under three arguments: receiver and arguments stay as they
     * were, the context goes on top (nothing is copied or set aside); a static call of another class goes to its
     * static entry, and the key it would arm names the class that declares the method.
     */
    @Test
    void interfaceCalls_passTheirArgumentsAsTheyAre_andStaticCallsCarryTheKeyOfTheirClass() throws IOException {
        org.objectweb.asm.tree.ClassNode node = Shapes.rewrite(dev.coflow.shapefixture.ArmedReceivers.class);
        MethodNode body = body(node, "calls", "(Ldev/coflow/shapefixture/ArmedReceiver;)J");
        String text = listing(body);
        String owner = "dev/coflow/shapefixture/ArmedReceivers";
        String receiver = "Ldev/coflow/shapefixture/ArmedReceiver;";
        AbstractInsnNode wide = Shapes.real(body).stream().filter(Shapes.callsVirtualEntry("wide", "(" + receiver + "JLdev/coflow/runtime/Context;)J"))
                .findFirst().orElseThrow(() -> new AssertionError("no interface call of wide through its entry\n" + text));
        assertTrue(loadsContext(previousReal(wide), 1), text);
        assertEquals(Opcodes.LCONST_1, previousReal(previousReal(wide)).getOpcode(), "the long as it was\n" + text);
        assertEquals(Opcodes.ALOAD, previousReal(previousReal(previousReal(wide))).getOpcode(), "the receiver under it\n" + text);
        AbstractInsnNode many = Shapes.real(body).stream().filter(Shapes.callsVirtualEntry("many",
                        "(" + receiver + "IJLjava/lang/String;Ldev/coflow/runtime/Context;)J"))
                .findFirst().orElseThrow(() -> new AssertionError("no interface call of many through its entry\n" + text));
        AbstractInsnNode before = previousReal(many);
        assertTrue(loadsContext(before, 1), text);
        assertTrue(previousReal(before) instanceof LdcInsnNode c && "c".equals(c.cst), "the arguments as they were\n" + text);
        assertEquals(0, count(body, i -> i instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE
                && v.var > 1), "nothing set aside in temporaries\n" + text);
        // a static call of another class goes to the static entry of the class that declares the method, through
        // Bootstrap.staticCall, given the class the instruction names and the key the call arms where there is no entry:
        // it names the class that declares the method, as its bridge's does
        assertStaticCall(body, "helper", "(IJLdev/coflow/runtime/Context;)J", owner + "$Other",
                BytecodeContract.staticCall(owner + "$Other", "helper(IJ)J"), text);
        assertStaticCall(body, "inherited", "(JLdev/coflow/runtime/Context;)J", owner + "$Derived",
                BytecodeContract.staticCall(owner + "$Base", "inherited(J)J"), text);
    }

    private static void assertStaticCall(MethodNode body, String name, String descriptor, String named, String key, String text) {
        AbstractInsnNode found = Shapes.real(body).stream().filter(i -> i instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy
                        && indy.name.equals(name) && indy.desc.equals(descriptor)
                        && indy.bsm.getName().equals(BytecodeContract.STATIC_CALL_BOOTSTRAP)).findFirst()
                .orElseThrow(() -> new AssertionError("no static call of " + name + " through Bootstrap.staticCall\n" + text));
        org.objectweb.asm.tree.InvokeDynamicInsnNode indy = (org.objectweb.asm.tree.InvokeDynamicInsnNode) found;
        assertEquals(org.objectweb.asm.Type.getObjectType(named), indy.bsmArgs[0], "the class the call names\n" + text);
        assertEquals(BytecodeContract.key(key), indy.bsmArgs[1], "the key it arms without an entry\n" + text);
        assertTrue(loadsContext(previousReal(indy), 1), "the context right before the call\n" + text);
        AbstractInsnNode context = nextReal(indy);
        assertTrue(loadsContext(context, 1) && callsSuspension(BytecodeContract.CALLED).test(nextReal(context)), "checked after\n" + text);
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
