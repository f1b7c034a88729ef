package dev.coflow.rewriter.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Label;
import org.objectweb.asm.LimitExceededException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * {@link NewHoistingPass.CopiesInterpreter}: the producers {@link NewHoistingPass} reads, at a small part of the cost of
 * ASM's {@code SourceInterpreter}, which keeps every producer of every value. Found by {@code SourceProgramTest}
 * (2026-12-07): a javac-compiled method of 6,343 instructions, 154 locals and 126 handlers went past ASM's compute limit
 * in 22 s, and the method was refused as not analysable.
 */
class CopiesInterpreterTest {

    /**
     * {@code static int big(int)}: {@code locals} int locals; in a loop, {@code blocks} blocks of {@code per} additions
     * from local to local and a call, block {@code b} the end of the try range of handler {@code b}, all of which start
     * at the first block; each handler changes a local and goes round the loop again.
     */
    static MethodNode manyLocalsUnderNestedHandlers(int locals, int blocks, int per) {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "big", "(I)I", null, null);
        for (int i = 1; i <= locals; i++) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, i);
        }
        Label head = new Label();
        m.visitLabel(head);
        Label first = new Label();
        Label[] ends = new Label[blocks];
        Label[] handlers = new Label[blocks];
        for (int b = 0; b < blocks; b++) {
            ends[b] = new Label();
            handlers[b] = new Label();
            m.visitTryCatchBlock(first, ends[b], handlers[b], "java/lang/RuntimeException");
        }
        m.visitLabel(first);
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < per; k++) {
                m.visitVarInsn(Opcodes.ILOAD, (b * 7 + k * 3) % locals + 1);
                m.visitVarInsn(Opcodes.ILOAD, (b * 13 + k * 5) % locals + 1);
                m.visitInsn(Opcodes.IADD);
                m.visitVarInsn(Opcodes.ISTORE, (b * 11 + k) % locals + 1);
            }
            m.visitVarInsn(Opcodes.ILOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Big", "step", "(I)I", false);
            m.visitVarInsn(Opcodes.ISTORE, (b * 17) % locals + 1);
            m.visitLabel(ends[b]);
        }
        Label exit = new Label();
        m.visitIincInsn(0, -1);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFLE, exit);
        m.visitJumpInsn(Opcodes.GOTO, head);
        for (int b = 0; b < blocks; b++) {
            m.visitLabel(handlers[b]);
            m.visitInsn(Opcodes.POP);
            m.visitIincInsn((b * 19) % locals + 1, 1);
            m.visitJumpInsn(Opcodes.GOTO, head);
        }
        m.visitLabel(exit);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(4, locals + 1);
        return m;
    }

    @Test
    void manyLocalsUnderNestedHandlers_areAnalysedWithinAsmsDefaultLimits_whereEveryProducerKeptIsNot() throws AnalyzerException {
        MethodNode m = manyLocalsUnderNestedHandlers(50, 30, 10);

        // ASM's own limits (400 MB allocated), which the rewriter raises: every producer kept goes past them
        assertThrows(LimitExceededException.class, () -> new Analyzer<>(new SourceInterpreter()).analyze("gen/Big", m));
        Frame<SourceValue>[] frames = new Analyzer<>(new NewHoistingPass.CopiesInterpreter()).analyze("gen/Big", m);

        assertTrue(frames[m.instructions.size() - 1] != null, "the return is reached");
    }

    /**
     * Over every method of the rewriter's own classes, its tests' (javac's spilled copies among them) and the JDK's
     * {@code java.util} and {@code java.time}: the pairs {@link NewHoistingPass#pairs} finds, and the copies it would move with each
     * ({@link NewHoistingPass#copySpills}), are the same with {@code CopiesInterpreter} as with every producer kept.
     */
    @Test
    void pairsAndSpills_areThoseOfEveryProducerKept() throws IOException, AnalyzerException {
        List<byte[]> classes = new ArrayList<>();
        for (String dir : List.of("target/classes", "target/test-classes")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes.add(Files.readAllBytes(f));
                }
            }
        }
        // and the JDK's java.util and java.time, of the JDK that runs the test
        java.nio.file.FileSystem jrt = java.nio.file.FileSystems.getFileSystem(java.net.URI.create("jrt:/"));
        for (String pkg : List.of("/modules/java.base/java/util", "/modules/java.base/java/time")) {
            try (Stream<Path> files = Files.walk(jrt.getPath(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes.add(Files.readAllBytes(f));
                }
            }
        }
        int methods = 0;
        int pairs = 0;
        for (byte[] bytes : classes) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            for (MethodNode m : node.methods) {
                if (m.instructions.size() == 0) {
                    continue;
                }
                Analyzer<SourceValue> every = new Analyzer<>(new SourceInterpreter());
                every.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE);
                Frame<SourceValue>[] all = every.analyze(node.name, m);
                Frame<SourceValue>[] copies = new Analyzer<>(new NewHoistingPass.CopiesInterpreter()).analyze(node.name, m);
                List<NewHoistingPass.Pair> expected = NewHoistingPass.pairs(m.instructions, all);
                String where = node.name + "#" + m.name + m.desc;
                assertEquals(expected, NewHoistingPass.pairs(m.instructions, copies), where);
                for (NewHoistingPass.Pair pair : expected) {
                    AbstractInsnNode dup = NewHoistingPass.next(pair.newInsn());
                    AbstractInsnNode copy = dup != null && dup.getOpcode() == Opcodes.DUP ? dup : null;
                    assertEquals(NewHoistingPass.copySpills(all, m.instructions, pair.newInsn(), copy, pair.init()),
                            NewHoistingPass.copySpills(copies, m.instructions, pair.newInsn(), copy, pair.init()), where);
                }
                methods++;
                pairs += expected.size();
            }
        }
        assertTrue(methods > 10_000 && pairs > 5_000, methods + " methods, " + pairs + " pairs");
    }
}
