package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
import static dev.coflow.rewriter.shape.Shapes.bodyDescriptor;
import static dev.coflow.rewriter.shape.Shapes.calls;
import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Exact;
import dev.coflow.shapefixture.OnThis;
import dev.coflow.shapefixture.Recursion;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/** {@code DirectCallPass}: a body calling a non-overridable coroutine method of its own class calls that method's body. */
class DirectCallShapeTest {
    private static final String OWNER = "dev/coflow/shapefixture/Recursion";

    @Test
    void staticSelfCall_goesToTheFreshBodyWithTheCallersContext_notThroughTheBridge() throws IOException {
        ClassNode node = Shapes.rewrite(Recursion.class);
        for (MethodNode body : List.of(body(node, "down", "(I)J"), Shapes.freshBody(node, "down", "(I)J"))) {
            String text = listing(body);
            assertEquals(0, count(body, calls(OWNER, "down", "(I)J")), "calls of the bridge\n" + text);
            assertEquals(0, count(body, calls(OWNER, "down", bodyDescriptor("(I)J"))), "calls of the resume body\n" + text);
            assertEquals(1, count(body, calls(OWNER, "down", Shapes.freshDescriptor("(I)J"))), "direct calls of the fresh body\n" + text);
            // the callee's bridge is not called, so nothing takes a key: no arm before the call
            assertEquals(0, count(body, Shapes.callsArm()), "arms\n" + text);
            // the direct call passes the caller's context (slot 1 of a static (I) body)
            MethodInsnNode call = (MethodInsnNode) Shapes.real(body).stream()
                    .filter(calls(OWNER, "down", Shapes.freshDescriptor("(I)J"))).findFirst().orElseThrow();
            assertEquals(Opcodes.INVOKESTATIC, call.getOpcode());
            AbstractInsnNode context = Shapes.previousReal(call);
            assertEquals(Opcodes.ALOAD, context.getOpcode(), text);
            assertEquals(1, ((VarInsnNode) context).var, text);
        }
    }

    /**
     * An overridable self-call cannot call this class's body (a subclass may override it): it goes through the virtual
     * entry of the receiver's class, with the context, unarmed; the class has that entry, with the method's access.
     */
    @Test
    void overridableSelfCall_goesThroughTheVirtualEntry() throws IOException {
        ClassNode node = Shapes.rewrite(Recursion.class);
        MethodNode body = body(node, "virtualDown", "(I)J");
        String text = listing(body);
        assertEquals(0, count(body, calls(OWNER, "virtualDown", "(I)J")), "calls of the bridge\n" + text);
        assertEquals(0, count(body, calls(OWNER, "virtualDown", bodyDescriptor("(I)J"))), "direct calls\n" + text);
        // on this, here: the own entry itself (below), else the call site that selects the receiver's class's entry
        assertEquals(1, count(body, Shapes.callsVirtualEntry("virtualDown", "(L" + OWNER + ";I" + BytecodeContract.CONTEXT_DESCRIPTOR + ")J"))
                        + count(body, calls(OWNER, BytecodeContract.VIRTUAL_ENTRY_PREFIX + "virtualDown", Shapes.freshDescriptor("(I)J"))),
                "calls through the virtual entry\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.ARM_VIRTUAL)), "arms\n" + text);
        MethodNode bridge = Shapes.method(node, "virtualDown", "(I)J");
        MethodNode entry = Shapes.method(node, BytecodeContract.VIRTUAL_ENTRY_PREFIX + "virtualDown", Shapes.freshDescriptor("(I)J"));
        assertEquals(bridge.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED) | Opcodes.ACC_SYNTHETIC, entry.access, "the entry's access");
    }

    /**
     * On {@code this}, in the fresh body (where local 0 is never written), the overridable self-call calls the class's
     * own entry with {@code invokevirtual}, no method handles (JDK 25's C2 runs a recursive call site's out of line) and
     * no call site; on another object, or on a receiver chosen by a branch, it keeps the call site alone.
     */
    @Test
    void overridableCallOnThis_callsTheOwnEntry_otherReceiversKeepTheCallSite() throws IOException {
        ClassNode node = Shapes.rewrite(Recursion.class);
        String entryDescriptor = Shapes.freshDescriptor("(I)J");
        String siteDescriptor = "(L" + OWNER + ";I" + BytecodeContract.CONTEXT_DESCRIPTOR + ")J";
        MethodNode fresh = Shapes.freshBody(node, "virtualDown", "(I)J");
        String text = listing(fresh);
        List<AbstractInsnNode> direct = Shapes.real(fresh).stream()
                .filter(calls(OWNER, BytecodeContract.VIRTUAL_ENTRY_PREFIX + "virtualDown", entryDescriptor)).toList();
        assertEquals(1, direct.size(), "calls of the own entry\n" + text);
        assertEquals(Opcodes.INVOKEVIRTUAL, direct.get(0).getOpcode(), text);
        assertEquals(0, count(fresh, Shapes.callsVirtualEntry("virtualDown", siteDescriptor)), "no call site\n" + text);
        for (String other : List.of("onOther", "onChosen")) {
            MethodNode body = Shapes.freshBody(node, other, "(L" + OWNER + ";I)J");
            String listing = listing(body);
            assertEquals(0, count(body, calls(OWNER, BytecodeContract.VIRTUAL_ENTRY_PREFIX + "virtualDown", entryDescriptor)),
                    other + ": no direct call of the entry\n" + listing);
            assertEquals(1, count(body, Shapes.callsVirtualEntry("virtualDown", siteDescriptor)), other + ": the call site\n" + listing);
        }
    }

    /** In a final class every instance method is exact; a private one is exact anywhere: both calls go to the fresh body with invokespecial. */
    @Test
    void instanceCallsThatCannotBeOverridden_goToTheFreshBodyWithInvokespecial() throws IOException {
        ClassNode node = Shapes.rewrite(Exact.class);
        String exact = "dev/coflow/shapefixture/Exact";
        String descriptor = "(Ljava/lang/String;)Ljava/lang/Object;";
        for (String[] callerCallee : new String[][] {{"top", "hidden"}, {"hidden", "leaf"}}) {
            MethodNode body = body(node, callerCallee[0], descriptor);
            String text = listing(body);
            List<AbstractInsnNode> direct = Shapes.real(body).stream().filter(calls(exact, callerCallee[1], Shapes.freshDescriptor(descriptor))).toList();
            assertEquals(1, direct.size(), callerCallee[0] + " -> " + callerCallee[1] + "\n" + text);
            assertEquals(Opcodes.INVOKESPECIAL, direct.get(0).getOpcode(), text);
            assertEquals(0, count(body, calls(exact, callerCallee[1], descriptor)), "calls of the bridge\n" + text);
            assertEquals(0, count(body, Shapes.callsArm()), "arms\n" + text);
        }
    }

    /**
     * On {@code this}, a call of an overridable method of the same class that has no virtual entry (not rewritten: it makes
     * no call that may suspend) is the armed call itself, as the call site would link it: {@code aload 0; aload ctx;
     * ldc2_w key; invokestatic Suspension.armVirtual; invokevirtual C.m}, with no method handles for JDK 25's C2 to cut
     * where such calls nest (design.md, "Suspendable libraries", item 8). A receiver chosen by a branch keeps the call site.
     */
    @Test
    void callOnThisOfAMethodWithoutEntry_isTheArmedCallItself() throws IOException {
        ClassNode node = Shapes.rewrite(OnThis.class);
        String owner = "dev/coflow/shapefixture/OnThis";
        String site = "(L" + owner + ";I" + BytecodeContract.CONTEXT_DESCRIPTOR + ")I";
        assertEquals(0, node.methods.stream().filter(m -> m.name.equals(BytecodeContract.VIRTUAL_ENTRY_PREFIX + "step")).count(),
                "step is not rewritten: no entry");
        for (MethodNode body : List.of(body(node, "twice", "(I)I"), Shapes.freshBody(node, "twice", "(I)I"))) {
            String text = listing(body);
            assertEquals(0, count(body, Shapes.callsVirtualEntry("step", site)), "no call site\n" + text);
            List<AbstractInsnNode> calls = Shapes.real(body).stream().filter(calls(owner, "step", "(I)I")).toList();
            assertEquals(2, calls.size(), "calls of the method itself\n" + text);
            for (AbstractInsnNode call : calls) {
                assertEquals(Opcodes.INVOKEVIRTUAL, call.getOpcode(), text);
                AbstractInsnNode arm = Shapes.previousReal(call);
                assertEquals(true, callsSuspension(BytecodeContract.ARM_VIRTUAL).test(arm), "armed right before the call\n" + text);
                AbstractInsnNode key = Shapes.previousReal(arm);
                AbstractInsnNode context = Shapes.previousReal(key);
                AbstractInsnNode receiver = Shapes.previousReal(context);
                assertEquals(BytecodeContract.key("step(I)I"), ((org.objectweb.asm.tree.LdcInsnNode) key).cst, text);
                assertEquals(Opcodes.ALOAD, receiver.getOpcode(), text);
                assertEquals(0, ((VarInsnNode) receiver).var, "armed for this\n" + text);
            }
        }
        MethodNode chosen = Shapes.freshBody(node, "chosen", "(L" + owner + ";Z)I");
        String text = listing(chosen);
        assertEquals(1, count(chosen, Shapes.callsVirtualEntry("step", site)), "the chosen receiver's call site\n" + text);
        assertEquals(1, count(chosen, calls(owner, "step", "(I)I")), "the call on this\n" + text);
        assertEquals(1, count(chosen, callsSuspension(BytecodeContract.ARM_VIRTUAL)), "one arm\n" + text);
    }
}
