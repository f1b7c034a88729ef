package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.ArmedReceiver;
import dev.coflow.shapefixture.Entries;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * design.md, "Virtual entries": each rewritten instance method that calls can select (not private, not static) gets
 * {@code coflow$call$m} with its access, its descriptor and the context; it runs the fresh body when the receiver's class
 * is the declaring class or {@code Suspension.enterVirtual} says the call selects its method, and calls the method
 * itself otherwise. An abstract coroutine method's entry arms the call and makes it. Interfaces get none.
 */
class VirtualEntryShapeTest {
    private static final String OWNER = "dev/coflow/shapefixture/Entries";

    private static MethodNode entry(ClassNode node, String name, String descriptor) {
        return Shapes.method(node, BytecodeContract.VIRTUAL_ENTRY_PREFIX + name, Shapes.freshDescriptor(descriptor));
    }

    @Test
    void everyMethodCallsCanSelect_hasAnEntryWithItsAccess_aStaticOneAStaticEntry_privateOnesNone() throws IOException {
        ClassNode node = Shapes.rewrite(Entries.class);
        String[][] methods = {{"pub", "(Ljava/lang/String;)Ljava/lang/String;"}, {"prot", "(J)J"}, {"pkg", "(I)I"},
            {"fin", "(Ljava/lang/String;)Ljava/lang/String;"}, {"abs", "(Ljava/lang/String;J)V"}};
        for (String[] m : methods) {
            MethodNode method = Shapes.method(node, m[0], m[1]);
            MethodNode entry = entry(node, m[0], m[1]);
            int mirrored = Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL;
            assertEquals((method.access & mirrored) | Opcodes.ACC_SYNTHETIC, entry.access, m[0]);
        }
        // a static method's entry is static, with its access, and only calls the fresh body with the context it was given
        MethodNode stat = entry(node, "stat", "(Ljava/lang/String;)Ljava/lang/String;");
        assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, stat.access);
        List<AbstractInsnNode> all = Shapes.real(stat);
        List<AbstractInsnNode> statCode = all.subList(all.size() - 4, all.size()); // after the unreachable block that carries the first line
        String statText = listing(stat);
        assertEquals(List.of(Opcodes.ALOAD, Opcodes.ALOAD, Opcodes.INVOKESTATIC, Opcodes.ARETURN),
                statCode.stream().map(AbstractInsnNode::getOpcode).toList(), statText);
        MethodInsnNode fresh = (MethodInsnNode) statCode.get(2);
        assertEquals(OWNER + ".stat" + Shapes.freshDescriptor("(Ljava/lang/String;)Ljava/lang/String;"), fresh.owner + "." + fresh.name + fresh.desc, statText);
        assertEquals(1, ((org.objectweb.asm.tree.VarInsnNode) statCode.get(1)).var, "the context, after the argument\n" + statText);
        List<MethodNode> entries = Shapes.methodsStartingWith(node, BytecodeContract.VIRTUAL_ENTRY_PREFIX);
        assertEquals(methods.length + 1, entries.size(), "no entry for priv: " + entries.stream().map(e -> e.name).toList());
        // an interface with only abstract coroutine methods is left as it is: no entries
        ClassRewriter.Result result = ClassRewriter.rewrite(Shapes.bytesOf(ArmedReceiver.class),
                ClassHierarchy.of(VirtualEntryShapeTest.class.getClassLoader()), new ClassRewriter.Options(true));
        assertEquals(List.of(), result.diagnostics());
        assertEquals(null, result.bytes(), "an interface");
    }

    @Test
    void aConcreteEntry_runsTheFreshBodyForItsClassOrWhenTheCallSelectsIt_elseCallsTheMethod() throws IOException {
        ClassNode node = Shapes.rewrite(Entries.class);
        MethodNode entry = entry(node, "prot", "(J)J");
        String text = listing(entry);
        List<AbstractInsnNode> code = Shapes.real(entry);
        // k = this.getClass(); k == Entries.class || k == coflow$sel$N (the last class found to inherit it), to the body
        assertTrue(code.stream().anyMatch(Shapes.calls("java/lang/Object", "getClass")), text);
        assertTrue(code.stream().anyMatch(i -> i instanceof LdcInsnNode ldc && ldc.cst.equals(Type.getObjectType(OWNER))), text);
        assertEquals(3, Shapes.count(entry, Shapes.opcode(Opcodes.IF_ACMPEQ)), "its class, the class seen to inherit it, the one seen to override it\n" + text);
        FieldInsnNode cache = (FieldInsnNode) code.stream()
                .filter(i -> i.getOpcode() == Opcodes.GETSTATIC).findFirst().orElseThrow(() -> new AssertionError("no cache\n" + text));
        assertTrue(cache.name.startsWith(BytecodeContract.ENTRY_CACHE_PREFIX) && cache.owner.equals(OWNER), text);
        FieldNode field = node.fields.stream().filter(f -> f.name.equals(cache.name)).findFirst().orElseThrow();
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, field.access, "private: no change to a default serialVersionUID");
        // stored only after enterVirtual said the call selects this method, through entryCache (no class of a plug-in)
        AbstractInsnNode put = code.stream().filter(i -> i.getOpcode() == Opcodes.PUTSTATIC).findFirst().orElseThrow(() -> new AssertionError(text));
        assertStoredThroughEntryCache(put, text);
        assertEquals(Opcodes.IFEQ, Shapes.previousReal(Shapes.previousReal(Shapes.previousReal(Shapes.previousReal(put)))).getOpcode(), text);
        MethodInsnNode body = (MethodInsnNode) code.stream().filter(Shapes.calls(OWNER, "prot", Shapes.freshDescriptor("(J)J"))).findFirst()
                .orElseThrow(() -> new AssertionError("no call of the fresh body\n" + text));
        assertEquals(Opcodes.INVOKESPECIAL, body.getOpcode(), text);
        // the fresh body gets the entry's context: slot 3 (this, long)
        AbstractInsnNode context = Shapes.previousReal(body);
        assertTrue(context.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) context).var == 3, text);
        AbstractInsnNode check = code.stream().filter(callsSuspension(BytecodeContract.ENTER_VIRTUAL)).findFirst()
                .orElseThrow(() -> new AssertionError("no enterVirtual\n" + text));
        assertTrue(Shapes.previousReal(check) instanceof LdcInsnNode ldc && ldc.cst.equals(Type.getObjectType(OWNER)), text);
        assertTrue(Shapes.previousReal(Shapes.previousReal(check)) instanceof LdcInsnNode ldc
                && ldc.cst.equals(BytecodeContract.key("prot(J)J")), "the method's key\n" + text);
        assertEquals(Opcodes.IFEQ, Shapes.nextReal(check).getOpcode(), text);
        MethodInsnNode method = (MethodInsnNode) code.stream().filter(Shapes.calls(OWNER, "prot", "(J)J")).findFirst()
                .orElseThrow(() -> new AssertionError("no call of the method itself\n" + text));
        assertEquals(Opcodes.INVOKEVIRTUAL, method.getOpcode(), text);
        assertEquals(Opcodes.LRETURN, Shapes.nextReal(method).getOpcode(), text);
        assertEquals(1, Shapes.count(entry, Shapes.callsArm()), "enterVirtual's arm, or armVirtual's for a class seen to override it\n" + text);
    }

    @Test
    void aConcreteEntry_remembersAClassThatOverridesItPlainly_andCallsTheMethodArmedForIt() throws IOException {
        ClassNode node = Shapes.rewrite(Entries.class);
        MethodNode entry = entry(node, "prot", "(J)J");
        String text = listing(entry);
        List<AbstractInsnNode> code = Shapes.real(entry);
        List<FieldInsnNode> reads = code.stream().filter(i -> i.getOpcode() == Opcodes.GETSTATIC).map(FieldInsnNode.class::cast).toList();
        assertEquals(2, reads.size(), text);
        FieldInsnNode plain = reads.get(1);
        assertTrue(plain.name.startsWith(BytecodeContract.ENTRY_PLAIN_CACHE_PREFIX) && plain.owner.equals(OWNER), text);
        FieldNode field = node.fields.stream().filter(f -> f.name.equals(plain.name)).findFirst().orElseThrow();
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, field.access, "private: no change to a default serialVersionUID");
        // a hit jumps to armVirtual(this, ctx, key), which falls into the call of the method itself
        org.objectweb.asm.tree.JumpInsnNode hit = (org.objectweb.asm.tree.JumpInsnNode) Shapes.nextReal(plain);
        assertEquals(Opcodes.IF_ACMPEQ, hit.getOpcode(), text);
        AbstractInsnNode arm = Shapes.nextReal(hit.label);
        List<Integer> armed = List.of(Opcodes.ALOAD, Opcodes.ALOAD, Opcodes.LDC, Opcodes.INVOKESTATIC, Opcodes.ALOAD, Opcodes.LLOAD, Opcodes.INVOKEVIRTUAL, Opcodes.LRETURN);
        List<Integer> seen = new java.util.ArrayList<>();
        for (AbstractInsnNode i = arm; i != null && seen.size() < armed.size(); i = Shapes.nextReal(i)) {
            seen.add(i.getOpcode());
        }
        assertEquals(armed, seen, text);
        assertTrue(Shapes.nextReal(Shapes.nextReal(arm)) instanceof LdcInsnNode ldc && ldc.cst.equals(BytecodeContract.key("prot(J)J")), text);
        AbstractInsnNode armCall = Shapes.nextReal(Shapes.nextReal(Shapes.nextReal(arm)));
        assertTrue(callsSuspension(BytecodeContract.ARM_VIRTUAL).test(armCall), text);
        // written only where enterVirtual said the call does not select this method (it armed the call then)
        List<FieldInsnNode> writes = code.stream().filter(i -> i.getOpcode() == Opcodes.PUTSTATIC).map(FieldInsnNode.class::cast).toList();
        assertEquals(List.of(reads.get(0).name, plain.name), writes.stream().map(f -> f.name).toList(), text);
        AbstractInsnNode miss = ((org.objectweb.asm.tree.JumpInsnNode) code.stream().filter(callsSuspension(BytecodeContract.ENTER_VIRTUAL))
                .map(Shapes::nextReal).findFirst().orElseThrow()).label;
        AbstractInsnNode stored = Shapes.nextReal(miss);
        for (int i = 0; i < 3; i++) {
            stored = Shapes.nextReal(stored);
        }
        assertTrue(stored == writes.get(1), "the class stored on enterVirtual's no\n" + text);
        assertStoredThroughEntryCache(writes.get(1), text);
    }

    /** {@code aload k; ldc Owner.class; invokestatic Suspension.entryCache; putstatic}: the field never keeps a plug-in's class. */
    private static void assertStoredThroughEntryCache(AbstractInsnNode put, String text) {
        AbstractInsnNode call = Shapes.previousReal(put);
        assertTrue(callsSuspension(BytecodeContract.ENTRY_CACHE).test(call), text);
        assertEquals(BytecodeContract.ENTRY_CACHE_DESCRIPTOR, ((MethodInsnNode) call).desc, text);
        assertTrue(Shapes.previousReal(call) instanceof LdcInsnNode ldc && ldc.cst.equals(Type.getObjectType(OWNER)), text);
        assertEquals(Opcodes.ALOAD, Shapes.previousReal(Shapes.previousReal(call)).getOpcode(), text);
    }

    @Test
    void anAbstractMethodsEntry_armsTheCallForTheReceiversClassAndMakesIt() throws IOException {
        ClassNode node = Shapes.rewrite(Entries.class);
        MethodNode entry = entry(node, "abs", "(Ljava/lang/String;J)V");
        String text = listing(entry);
        List<AbstractInsnNode> code = Shapes.real(entry);
        AbstractInsnNode arm = code.stream().filter(callsSuspension(BytecodeContract.ARM_VIRTUAL)).findFirst()
                .orElseThrow(() -> new AssertionError("no arm\n" + text));
        assertTrue(Shapes.previousReal(arm) instanceof LdcInsnNode ldc && ldc.cst.equals(BytecodeContract.key("abs(Ljava/lang/String;J)V")), text);
        MethodInsnNode method = (MethodInsnNode) code.stream().filter(Shapes.calls(OWNER, "abs", "(Ljava/lang/String;J)V")).findFirst()
                .orElseThrow(() -> new AssertionError("no call of the method\n" + text));
        assertEquals(Opcodes.INVOKEVIRTUAL, method.getOpcode(), text);
        assertEquals(1, Shapes.count(entry, Shapes.callsArm()), text);
    }
}
