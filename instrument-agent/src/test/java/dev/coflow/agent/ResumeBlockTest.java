package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The size of resume blocks, which grows with the points times the values live at each (the cause of
 * TOO_LARGE_TO_COMPILE): with a frame of the arrays shape, a resume block reads each of the frame's arrays once, not
 * once a value. The behaviour of such blocks is checked by the cases {@code ArrayFrameMixedRestores} and
 * {@code ManyValuesAcrossACall}.
 */
class ResumeBlockTest {

    @Test
    void arraysFrame_eachResumeBlockReadsTheReferencesArrayOnce() throws Exception {
        // 50 points; at point k the k - 1 fields read before are live: 1,225 references restored in all
        MethodNode resume = resumeBody("dev.coflow.agent.catalogue.TooLargeToCompile$Broken", "body");
        int reads = 0;
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn.getOpcode() == Opcodes.GETFIELD && ((FieldInsnNode) insn).owner.equals(BytecodeContract.ARRAYS_FRAME)
                    && ((FieldInsnNode) insn).name.equals(BytecodeContract.ARRAYS_FRAME_REFS)) {
                reads++;
            }
        }
        // one read for each point restoring three references or more (points 4 to 50: 47), one a value for the others
        // (0 + 1 + 2); a read a value everywhere would be 1,225
        assertEquals(47 + 3, reads);
    }

    @Test
    void arraysFrame_mixedKinds_readBothArraysOncePerBlock() throws Exception {
        MethodNode resume = resumeBody("dev.coflow.agent.cases.ArrayFrameMixedRestores", "body");
        int refs = 0;
        int prims = 0;
        int aaloads = 0;
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn.getOpcode() == Opcodes.GETFIELD && ((FieldInsnNode) insn).owner.equals(BytecodeContract.ARRAYS_FRAME)) {
                if (((FieldInsnNode) insn).name.equals(BytecodeContract.ARRAYS_FRAME_REFS)) {
                    refs++;
                } else {
                    prims++;
                }
            }
            aaloads += insn.getOpcode() == Opcodes.AALOAD ? 1 : 0;
        }
        // 6 points, each restoring many references and primitives as locals: one read of each array a point; a value on
        // the stack is read alone (the receiver at one point, the long and the double at two others, unless the
        // rewriter takes them from the local they copy); a read a value would be over a hundred
        String counts = "reads of refs " + refs + ", of prims " + prims + ", references restored " + aaloads;
        assertTrue(refs >= 6 && refs <= 6 + 1, counts);
        assertTrue(prims >= 6 && prims <= 6 + 2, counts);
        assertTrue(aaloads > 3 * refs, counts);
    }

    private static MethodNode resumeBody(String className, String method) throws IOException {
        ClassLoader loader = ResumeBlockTest.class.getClassLoader();
        ClassRewriter.Result result = ClassRewriter.rewrite(read(loader, className.replace('.', '/')),
                new ClassHierarchy(name -> read(loader, name)), ClassRewriter.Options.DEFAULT);
        assertNotNull(result.bytes(), () -> result.diagnostics().toString());
        ClassNode node = new ClassNode();
        new ClassReader(result.bytes()).accept(node, 0);
        for (MethodNode m : node.methods) {
            if (m.name.equals(method) && m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")")) {
                return m;
            }
        }
        throw new AssertionError("no resume body of " + method + " in " + className);
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
