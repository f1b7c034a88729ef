package dev.coflow.rewriter.shape;

import static dev.coflow.rewriter.shape.Shapes.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import dev.coflow.shapefixture.Forwarding;
import dev.coflow.shapefixture.Recursion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/** The class-file-only {@code @Rewritten} mark ({@code ClassRewriter}), and the bridge ({@code BridgePass}). */
class MarkAndBridgeShapeTest {
    private static final String OWNER = "dev/coflow/shapefixture/Recursion";

    private static List<AnnotationNode> marks(List<AnnotationNode> annotations) {
        List<AnnotationNode> out = new ArrayList<>();
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(BytecodeContract.REWRITTEN_DESCRIPTOR)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    @Test
    void rewrittenClass_carriesTheMarkWithTheVersion_classFileOnly() throws IOException {
        assertNull(ClassRewriter.rewrittenBy(Shapes.bytesOf(Recursion.class)), "javac's output is not marked");
        byte[] rewritten = Shapes.rewrittenBytes(Recursion.class);
        ClassNode node = Shapes.read(rewritten);
        List<AnnotationNode> marks = marks(node.invisibleAnnotations);
        assertEquals(1, marks.size(), "invisible @Rewritten marks");
        assertEquals(List.of(BytecodeContract.REWRITTEN_VERSION, ClassRewriter.VERSION), marks.get(0).values);
        assertEquals(List.of(), marks(node.visibleAnnotations), "the mark is not visible at run time");
        assertEquals(ClassRewriter.VERSION, ClassRewriter.rewrittenBy(rewritten));
    }

    @Test
    void markedClass_isNotRewrittenAgain() throws IOException {
        byte[] rewritten = Shapes.rewrittenBytes(Recursion.class);
        ClassRewriter.Result again = ClassRewriter.rewrite(rewritten, ClassHierarchy.of(getClass().getClassLoader()), new ClassRewriter.Options(true));
        assertNull(again.bytes());
        assertEquals(List.of(), again.diagnostics());
    }

    @Test
    void bridge_isOneCallOfTheBodyWithTheEnteredContext() throws IOException {
        MethodNode bridge = Shapes.method(Shapes.rewrite(Recursion.class), "down", "(I)J");
        String text = listing(bridge);
        List<AbstractInsnNode> code = Shapes.afterLinePrologue(bridge);
        assertEquals(5, code.size(), text);
        assertTrue(code.get(0) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ILOAD && v.var == 0, text);
        // a static method's bridge takes its own key only, which names its class, armed with no class (not an interface
        // key, not an instance call's)
        assertEquals(BytecodeContract.key(BytecodeContract.staticCall(OWNER, "down(I)J")), ((LdcInsnNode) code.get(1)).cst, text);
        assertTrue(Shapes.calls(BytecodeContract.SUSPENSION, BytecodeContract.ENTER, BytecodeContract.ENTER_DESCRIPTOR).test(code.get(2)), text);
        MethodInsnNode call = (MethodInsnNode) code.get(3);
        assertEquals(OWNER + ".down" + Shapes.freshDescriptor("(I)J"), call.owner + "." + call.name + call.desc, "the fresh body\n" + text);
        assertEquals(Opcodes.LRETURN, code.get(4).getOpcode(), text);
        assertTrue(bridge.tryCatchBlocks.isEmpty(), text);
    }

    @Test
    void lambdaBridge_takesOnlyTheKeyOfItsInterfaceCall() throws IOException {
        ClassNode node = Shapes.rewrite(Forwarding.class);
        MethodNode bridge = Shapes.methodsStartingWith(node, "lambda$forward$").stream()
                .filter(m -> !m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR)).findFirst().orElseThrow();
        String text = listing(bridge);
        assertEquals(1, Shapes.count(bridge, Shapes.callsSuspension(BytecodeContract.ENTER_FORWARDED)), text);
        assertEquals(0, Shapes.count(bridge, Shapes.callsSuspension(BytecodeContract.ENTER)), text);
        AbstractInsnNode enter = Shapes.real(bridge).stream().filter(Shapes.callsSuspension(BytecodeContract.ENTER_FORWARDED)).findFirst().orElseThrow();
        AbstractInsnNode bridgeKey = Shapes.previousReal(enter);
        AbstractInsnNode samKey = Shapes.previousReal(bridgeKey);
        assertEquals(BytecodeContract.key("*get()Ljava/lang/Object;"), ((LdcInsnNode) samKey).cst, text);
        assertEquals(Opcodes.LCONST_0, bridgeKey.getOpcode(), "a plain metafactory site has no bridge key\n" + text);
    }
}
