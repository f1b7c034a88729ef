package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.body;
import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static dev.coflow.rewriter.shape.Shapes.nextReal;
import static dev.coflow.rewriter.shape.Shapes.previousReal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Quiet;
import dev.coflow.shapefixture.QuietHelpers;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * design.md, "Suspendable libraries: what a call costs": a call of a coroutine method that cannot be overridden and
 * provably cannot suspend ({@code QuietCalls}) is no suspension point: no arm before it, no check after it; a method
 * whose every call is such is not rewritten. Virtual and interface calls, calls that reach a yield through static
 * methods, and recursive calls stay suspension points (armed, or a virtual call through the callee's virtual entry).
 */
class QuietCallShapeTest {
    private static final String HELPERS = "dev/coflow/shapefixture/QuietHelpers";
    private static final String QUIET = "dev/coflow/shapefixture/Quiet";
    private static final String CALLER = "(ILjava/util/function/Supplier;)Ljava/lang/Object;";

    private static MethodNode caller() throws IOException {
        return body(Shapes.rewrite(Quiet.class), "caller", CALLER);
    }

    private static MethodInsnNode call(MethodNode m, String owner, String name) {
        List<AbstractInsnNode> found = Shapes.real(m).stream().filter(Shapes.calls(owner, name)).toList();
        assertEquals(1, found.size(), () -> "one call of " + name + "\n" + listing(m));
        return (MethodInsnNode) found.get(0);
    }

    private static boolean armedBefore(MethodInsnNode call) {
        return Shapes.callsArm().test(previousReal(call));
    }

    /** called(ctx) right after the call: the call is a suspension point. */
    private static boolean checkedAfter(MethodInsnNode call) {
        AbstractInsnNode next = nextReal(call);
        return next != null && callsSuspension(BytecodeContract.CALLED).test(nextReal(next));
    }

    private static void assertQuiet(MethodNode m, String owner, String name) {
        MethodInsnNode c = call(m, owner, name);
        String text = listing(m);
        assertFalse(armedBefore(c), name + " armed\n" + text);
        assertFalse(checkedAfter(c), name + " checked\n" + text);
        assertFalse(c.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR), name + " called directly\n" + text);
    }

    /**
     * A suspension point: a static call of another class goes through {@code Bootstrap.staticCall} to the static entry
     * of the class that declares it, with the key it arms where there is none; checked after it.
     */
    private static void assertArmed(MethodNode m, String owner, String name) {
        String text = listing(m);
        List<AbstractInsnNode> found = Shapes.real(m).stream().filter(i -> i instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy
                && indy.name.equals(name) && indy.bsm.getName().equals(BytecodeContract.STATIC_CALL_BOOTSTRAP)
                && indy.bsmArgs[0].equals(org.objectweb.asm.Type.getObjectType(owner))).toList();
        assertEquals(1, found.size(), () -> "one call of " + name + " through its static entry\n" + text);
        AbstractInsnNode context = nextReal(found.get(0));
        assertTrue(context != null && callsSuspension(BytecodeContract.CALLED).test(nextReal(context)), name + " not checked\n" + text);
    }

    @Test
    void aStaticCallOfAQuietHelper_isNotArmed() throws IOException {
        assertQuiet(caller(), HELPERS, "helper");
    }

    @Test
    void aFinalMethodThatCallsNothing_isNotArmed() throws IOException {
        assertQuiet(caller(), QUIET, "finalQuiet");
    }

    @Test
    void aStaticCallThatReachesAYield_throughAnotherStaticMethod_isArmed() throws IOException {
        assertArmed(caller(), HELPERS, "yieldsThroughStatic");
    }

    @Test
    void virtualAndInterfaceCalls_areSuspensionPoints() throws IOException {
        MethodNode caller = caller();
        // a virtual call is a suspension point, checked after it: on this, of a method of the class that has no entry
        // (overridable makes no call, so it is not rewritten), the armed call itself (DirectCallShapeTest); else through
        // the call site of the receiver's class's virtual entry
        AbstractInsnNode virtual = Shapes.real(caller).stream()
                .filter(i -> i instanceof MethodInsnNode m && m.name.equals("overridable") && m.getOpcode() == Opcodes.INVOKEVIRTUAL).findFirst()
                .orElseThrow(() -> new AssertionError("no virtual call of overridable\n" + listing(caller)));
        assertTrue(callsSuspension(BytecodeContract.ARM_VIRTUAL).test(Shapes.previousReal(virtual)), "not armed\n" + listing(caller));
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(nextReal(nextReal(virtual))), "not checked\n" + listing(caller));
        // an interface call too: through the entry of the receiver's class where it has one, else armed for it (at run time)
        AbstractInsnNode get = Shapes.real(caller).stream().filter(Shapes.callsVirtualEntry("get",
                        "(Ljava/util/function/Supplier;Ldev/coflow/runtime/Context;)Ljava/lang/Object;"))
                .findFirst().orElseThrow(() -> new AssertionError("no interface call of get\n" + listing(caller)));
        assertTrue(callsSuspension(BytecodeContract.CALLED).test(nextReal(nextReal(get))), "not checked\n" + listing(caller));
    }

    @Test
    void recursiveCalls_areArmed_andTheirMethodsRewritten() throws IOException {
        MethodNode caller = caller();
        assertArmed(caller, HELPERS, "recursive");
        assertArmed(caller, HELPERS, "mutualA");
        ClassNode helpers = Shapes.rewrite(QuietHelpers.class);
        for (String name : new String[] {"recursive", "mutualA", "mutualB"}) {
            MethodNode body = body(helpers, name, "(I)I");
            // the recursive call is a suspension point: checked after it (DirectCallPass calls the body of the same class)
            MethodInsnNode self = (MethodInsnNode) Shapes.real(body).stream()
                    .filter(i -> i instanceof MethodInsnNode m && m.owner.equals(HELPERS) && (m.name.startsWith("mutual") || m.name.equals("recursive")))
                    .findFirst().orElseThrow(() -> new AssertionError("no recursive call\n" + listing(body)));
            assertTrue(checkedAfter(self), name + "\n" + listing(body));
            if (!name.equals("mutualA")) {
                assertQuiet(body, HELPERS, "leaf"); // and leaf, which cannot suspend, is not
            }
        }
    }

    @Test
    void methodsWhoseCallsAreAllQuiet_areNotRewritten() throws IOException {
        ClassNode quiet = Shapes.rewrite(Quiet.class);
        assertThrowsNoBody(quiet, "onlyQuiet", "(I)I");
        ClassNode helpers = Shapes.rewrite(QuietHelpers.class);
        assertThrowsNoBody(helpers, "helper", "(I)I");
        assertThrowsNoBody(helpers, "leaf", "(I)I");
        assertNotNull(body(helpers, "yieldsThroughStatic", "(Ljava/lang/Object;)Ljava/lang/Object;"));
    }

    @Test
    void withoutTheProof_theSameCallsAreArmed() throws IOException {
        // the proof is what removes the arm: the same fixture rewritten by a hierarchy that cannot read the
        // helpers' code (nothing can be proven of them) arms every call of a coroutine method
        ClassHierarchy blind = new ClassHierarchy(name -> name.equals(HELPERS) ? helpersWithoutCode() : classBytes(name));
        ClassRewriter.Result result = ClassRewriter.rewrite(Shapes.bytesOf(Quiet.class), blind, new ClassRewriter.Options(true));
        assertEquals(List.of(), result.diagnostics());
        MethodNode caller = body(Shapes.read(result.bytes()), "caller", CALLER);
        assertArmed(caller, HELPERS, "helper");
        assertQuiet(caller, QUIET, "finalQuiet");
    }

    private static void assertThrowsNoBody(ClassNode owner, String name, String descriptor) {
        String bodyDescriptor = Shapes.bodyDescriptor(descriptor);
        assertNull(owner.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(bodyDescriptor)).findFirst().orElse(null),
                name + " was rewritten");
    }

    private static byte[] classBytes(String internalName) {
        try (var in = QuietCallShapeTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** The helpers' class with every method made abstract-like for the proof: its methods kept, their code dropped. */
    private static byte[] helpersWithoutCode() {
        byte[] bytes = classBytes(HELPERS);
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(0);
        new org.objectweb.asm.ClassReader(bytes).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9, w) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return super.visitMethod(access | org.objectweb.asm.Opcodes.ACC_NATIVE, name, descriptor, signature, exceptions);
            }
        }, org.objectweb.asm.ClassReader.SKIP_CODE);
        return w.toByteArray();
    }
}
