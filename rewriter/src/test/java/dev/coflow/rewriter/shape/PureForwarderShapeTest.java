package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.callsSuspension;
import static dev.coflow.rewriter.shape.Shapes.count;
import static dev.coflow.rewriter.shape.Shapes.listing;
import static dev.coflow.rewriter.shape.Shapes.opcode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Forwarding;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** {@code MethodPlanner.isPureForwarder}: {@code () -> grep(p)} keeps no frame; a lambda that works on after the call does. */
class PureForwarderShapeTest {

    /** The rewritten body of the lambda made for {@code method} (javac names it {@code lambda$method$N}), with its spill methods. */
    private static MethodNode lambdaBody(ClassNode node, String method) {
        List<MethodNode> bodies = Shapes.methodsStartingWith(node, "lambda$" + method + "$").stream()
                .filter(m -> m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")")).toList();
        assertEquals(1, bodies.size(), () -> "lambda fresh bodies of " + method + ": " + bodies.stream().map(m -> m.name + m.desc).toList());
        MethodNode fresh = bodies.get(0);
        String descriptor = BytecodeContract.originalDescriptor(fresh.desc);
        // a forwarder is never resumed: it has no resume body, and its fresh body is all there is to read
        return Shapes.has(node, fresh.name, Shapes.bodyDescriptor(descriptor)) ? Shapes.bodyAndSpills(node, fresh.name, descriptor) : fresh;
    }

    @Test
    void forwardingLambda_allocatesAndSavesNoFrame() throws IOException {
        ClassNode node = Shapes.rewrite(Forwarding.class);
        MethodNode body = lambdaBody(node, "forward");
        String text = listing(body);
        assertEquals(0, Shapes.methodsStartingWith(node, "lambda$forward$").stream()
                .filter(m -> m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR)).count(), "a forwarder has no resume body");
        assertEquals(0, count(body, callsSuspension(BytecodeContract.OBTAIN_FRAME)), "frames obtained\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.PUSH_NEW)), "frames obtained and pushed\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.OBTAIN_ARRAYS_FRAME)), "array frames obtained\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.STOP_AT)), "stopAt\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.PUSH)), "frames pushed\n" + text);
        assertEquals(0, count(body, opcode(Opcodes.INVOKEDYNAMIC)), "suspension-point constants\n" + text);
        assertEquals(0, count(body, opcode(Opcodes.TABLESWITCH)), "resume dispatch (a forwarder is never resumed)\n" + text);
        // it still sees its callee suspend, and returns
        assertEquals(1, count(body, callsSuspension(BytecodeContract.CALLED)), "suspension checks\n" + text);
    }

    @Test
    void lambdaWithWorkAfterTheCall_keepsItsFrame() throws IOException {
        MethodNode body = lambdaBody(Shapes.rewrite(Forwarding.class), "decorate");
        String text = listing(body);
        assertEquals(1, count(body, callsSuspension(BytecodeContract.PUSH_NEW)), "frames obtained\n" + text);
        // one point: a resumed frame stops there already, so no stopAt (StandingPathShapeTest.onePoint_...)
        assertEquals(0, count(body, callsSuspension(BytecodeContract.STOP_AT)), "stopAt (of a resumed frame)\n" + text);
        assertEquals(1, count(body, callsSuspension(BytecodeContract.PUSH)), "frames pushed\n" + text);
        // resumed at its one point: the dispatch is a null test of the frame, no switch (StandingPathShapeTest.onePoint_...)
        assertEquals(0, count(body, opcode(Opcodes.TABLESWITCH)), "resume dispatch\n" + text);
        assertEquals(0, count(body, insn -> insn instanceof org.objectweb.asm.tree.FieldInsnNode f
                && f.owner.equals(BytecodeContract.RESUME_POINT)), "the point's state read back\n" + text);
    }

    @Test
    void forwardingMethodReferenceAdapter_savesNoFrame() throws IOException {
        ClassNode node = Shapes.rewrite(Forwarding.class);
        List<MethodNode> bodies = Shapes.methodsStartingWith(node, BytecodeContract.METHOD_REFERENCE_PREFIX).stream()
                .filter(m -> m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")")).toList();
        assertEquals(1, bodies.size(), "coflow$ref$ fresh bodies");
        assertEquals(0, Shapes.methodsStartingWith(node, BytecodeContract.METHOD_REFERENCE_PREFIX).stream()
                .filter(m -> m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR)).count(), "a forwarder has no resume body");
        MethodNode body = bodies.get(0);
        String text = listing(body);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.OBTAIN_FRAME)), "frames obtained\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.PUSH_NEW)), "frames obtained and pushed\n" + text);
        assertEquals(0, count(body, callsSuspension(BytecodeContract.PUSH)), "frames pushed\n" + text);
        assertEquals(0, count(body, opcode(Opcodes.TABLESWITCH)), "resume dispatch\n" + text);
    }
}
