package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.bodyDescriptor;
import static dev.coflow.rewriter.shape.Shapes.calls;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Armed;
import dev.coflow.shapefixture.Construction;
import dev.coflow.shapefixture.Recursion;
import dev.coflow.shapefixture.References;
import dev.coflow.shapefixture.Standing;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The resume adapters ({@code ResumeAdapterEmitter}), method-reference adapters ({@code MethodRefPass}) and the
 * moved {@code new} ({@code NewHoistingPass}) as they appear in the rewritten class.
 */
class AdaptersShapeTest {

    /** The resume adapter every suspension point's ResumePoint constant of {@code body} names (one per method). */
    private static MethodNode adapterOf(ClassNode node, MethodNode body) {
        List<String> names = Shapes.real(body).stream().filter(i -> i instanceof InvokeDynamicInsnNode)
                .map(i -> ((Handle) ((InvokeDynamicInsnNode) i).bsmArgs[0]).getName()).distinct().toList();
        assertEquals(1, names.size(), "adapters named by " + body.name + ": " + names);
        return Shapes.method(node, names.get(0), BytecodeContract.RESUME_ADAPTER_DESCRIPTOR);
    }

    @Test
    void resumeAdapter_ofAnInstanceMethod_callsTheBodyOnTheSavedReceiver_andLeavesTheReferenceResult() throws IOException {
        ClassNode node = Shapes.rewrite(Armed.class);
        String descriptor = "(Ljava/lang/String;)Ljava/lang/Object;";
        MethodNode adapter = adapterOf(node, Shapes.bodyAndSpills(node, "inner", descriptor));
        String text = listing(adapter);
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, adapter.access, text);
        List<AbstractInsnNode> code = Shapes.afterLinePrologue(adapter);
        assertEquals(12, code.size(), text);
        assertTrue(code.get(0) instanceof VarInsnNode v && v.var == 1, text);                        // ctx, for the result
        assertTrue(code.get(1) instanceof VarInsnNode v && v.var == 0, text);                        // f
        assertTrue(code.get(2) instanceof TypeInsnNode t && t.desc.equals(BytecodeContract.REF_FRAME), text);
        assertTrue(code.get(3) instanceof FieldInsnNode g && g.name.equals("r0"), text);           // the receiver
        assertTrue(code.get(4) instanceof TypeInsnNode t && t.desc.equals(node.name), text);
        assertEquals(Opcodes.ACONST_NULL, code.get(5).getOpcode(), text);                            // the String parameter: zero
        assertTrue(code.get(6) instanceof VarInsnNode v && v.var == 1, text);                        // ctx
        assertTrue(code.get(7) instanceof VarInsnNode v && v.var == 0, text);                        // f
        assertTrue(code.get(8) instanceof VarInsnNode v && v.var == 2, text);                        // in
        assertTrue(calls(node.name, "inner", bodyDescriptor(descriptor)).test(code.get(9)), text);
        assertEquals(Opcodes.INVOKESPECIAL, code.get(9).getOpcode(), text);
        assertTrue(code.get(10) instanceof FieldInsnNode p && p.getOpcode() == Opcodes.PUTFIELD
                && p.name.equals(BytecodeContract.CONTEXT_VALUE_REF), text);
        assertEquals(Opcodes.RETURN, code.get(11).getOpcode(), text);
    }

    @Test
    void resumeAdapter_ofPrimitiveResults_leavesRawBitsWithResultLong() throws IOException {
        ClassNode recursion = Shapes.rewrite(Recursion.class);
        MethodNode longAdapter = adapterOf(recursion, Shapes.bodyAndSpills(recursion, "down", "(I)J"));
        assertEquals(1, count(longAdapter, calls(BytecodeContract.CONTEXT, BytecodeContract.RESULT_LONG)), listing(longAdapter));
        ClassNode standing = Shapes.rewrite(Standing.class);
        MethodNode doubleAdapter = adapterOf(standing, Shapes.bodyAndSpills(standing, "loop", "(Ljava/lang/String;)D"));
        String text = listing(doubleAdapter);
        assertEquals(1, count(doubleAdapter, calls("java/lang/Double", "doubleToRawLongBits")), text);
        assertEquals(1, count(doubleAdapter, calls(BytecodeContract.CONTEXT, BytecodeContract.RESULT_LONG)), text);
    }

    @Test
    void methodReference_toACoroutineMethod_goesThroughARewrittenAdapterThatBoxes() throws IOException {
        ClassNode node = Shapes.rewrite(References.class);
        MethodNode make = Shapes.method(node, "make", "()Ljava/util/function/Function;");
        InvokeDynamicInsnNode site = (InvokeDynamicInsnNode) Shapes.real(make).stream()
                .filter(i -> i instanceof InvokeDynamicInsnNode).findFirst().orElseThrow();
        Handle impl = (Handle) site.bsmArgs[1];
        assertTrue(impl.getName().startsWith(BytecodeContract.METHOD_REFERENCE_PREFIX), "the site must name the adapter, not "
                + impl.getName() + "\n" + listing(make));
        assertEquals(node.name, impl.getOwner());
        // the adapter is a rewritten coroutine method: its body calls length's body directly, then boxes the int
        MethodNode adapterBody = Shapes.freshBody(node, impl.getName(), impl.getDesc()); // a pure forwarder has no resume body
        String text = listing(adapterBody);
        assertEquals(1, count(adapterBody, calls(node.name, "length", Shapes.freshDescriptor("(Ljava/lang/String;)I"))), text);
        assertEquals(1, count(adapterBody, calls("java/lang/Integer", "valueOf")), text);
    }

    @Test
    void newWithAYieldArgument_isAllocatedAfterTheYield() throws IOException {
        ClassNode node = Shapes.rewrite(Construction.class);
        MethodNode body = Shapes.body(node, "make", "()Ldev/coflow/shapefixture/Construction$Box;");
        String text = listing(body);
        List<AbstractInsnNode> code = Shapes.real(body);
        int yield = code.indexOf(code.stream().filter(Shapes.callsSuspension(BytecodeContract.SUSPEND_YIELD)).findFirst().orElseThrow());
        int allocation = code.indexOf(code.stream().filter(Shapes.opcode(Opcodes.NEW)).findFirst().orElseThrow());
        int init = code.indexOf(code.stream().filter(i -> i instanceof MethodInsnNode m && m.name.equals("<init>")).findFirst().orElseThrow());
        assertEquals(1, count(body, Shapes.opcode(Opcodes.NEW)), text);
        assertTrue(yield < allocation && allocation < init, "new must come after the yield and before <init>\n" + text);
    }
}
