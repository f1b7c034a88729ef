package dev.coflow.rewriter.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * {@link BackwardJumps}: a method's backward jumps as 32-bit switches, the method as it was otherwise. The bodies ASM
 * 9.11.1 cannot lay out are over 32 KB ({@code BadInputTest} runs the largest one the JVM allows, and
 * {@code SourceProgramTest} met one, seed -2280090837 on JDK 25); here, small loops of every kind of conditional jump.
 */
class BackwardJumpsTest {

    static final class Loops {
        static long loops(int n, Object o, long l) {
            long s = 0;
            for (int i = 0; i < n; i++) { // a backward goto (or a backward if_icmplt, as the compiler lays it out)
                if (i % 3 == 0) {
                    continue;
                }
                s += i;
            }
            int k = n;
            do {
                s ^= k;
                k -= 2;
            } while (k > 0); // a backward ifgt
            Object p = o;
            while (p != null) { // ifnull forward, goto backward
                s += (p.hashCode() & 7) + 1;
                p = s > 40 ? null : p;
            }
            for (long m = l; m != 0 && s < 1_000_000; m >>= 1) {
                s += m & 1;
            }
            String q = o == null ? "" : o.toString();
            int j = 0;
            do {
                j++;
            } while (j < q.length() && q.charAt(j - 1) != 'x'); // backward if_icmplt, ifne
            return s * 31 + j;
        }
    }

    @Test
    void widen_leavesNoBackwardJump_andTheMethodComputesTheSame() throws Exception {
        ClassNode node = new ClassNode();
        try (InputStream in = Loops.class.getResourceAsStream("BackwardJumpsTest$Loops.class")) {
            new ClassReader(in.readAllBytes()).accept(node, 0);
        }
        MethodNode loops = node.methods.stream().filter(m -> m.name.equals("loops")).findFirst().orElseThrow();
        int before = backwardJumps(loops);

        int widened = BackwardJumps.widen(loops);

        assertTrue(before >= 4, "the fixture has backward jumps: " + before);
        assertEquals(before, widened);
        assertEquals(0, backwardJumps(loops));
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        byte[] bytes = writer.toByteArray();
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        Class<?> copy = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(Loops.class.getName(), bytes, 0, bytes.length);
            }
        }.define();
        Method widenedLoops = copy.getDeclaredMethod("loops", int.class, Object.class, long.class);
        widenedLoops.setAccessible(true);
        for (int n : new int[] {0, 1, 2, 7, 30}) {
            for (Object o : new Object[] {null, "abxcd", 17}) {
                for (long l : new long[] {0, 5, -1}) {
                    assertEquals(Loops.loops(n, o, l), widenedLoops.invoke(null, n, o, l), n + " " + o + " " + l);
                }
            }
        }
    }

    @Test
    void negated_isTheOtherBranch() {
        for (int op : new int[] {Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IF_ICMPEQ,
                Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT, Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ,
                Opcodes.IF_ACMPNE, Opcodes.IFNULL, Opcodes.IFNONNULL}) {
            assertEquals(op, BackwardJumps.negated(BackwardJumps.negated(op)));
            assertTrue(BackwardJumps.negated(op) != op);
        }
    }

    private static int backwardJumps(MethodNode m) {
        Map<LabelNode, Integer> at = new HashMap<>();
        int i = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext(), i++) {
            if (insn instanceof LabelNode label) {
                at.put(label, i);
            }
        }
        int backward = 0;
        i = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext(), i++) {
            if (insn instanceof JumpInsnNode jump && at.get(jump.label) <= i) {
                backward++;
            }
        }
        return backward;
    }
}
