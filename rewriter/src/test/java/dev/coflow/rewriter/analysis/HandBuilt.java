package dev.coflow.rewriter.analysis;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/** Test-only: methods written instruction by instruction (ASM's own test style), and the owner they are analysed in. */
final class HandBuilt {
    private HandBuilt() {
    }

    static final String COROUTINES = "dev/coflow/Coroutines";
    static final ClassHierarchy HIERARCHY = ClassHierarchy.of(HandBuilt.class.getClassLoader());

    static ClassNode owner() {
        ClassNode owner = new ClassNode(AsmApi.LEVEL);
        owner.version = Opcodes.V17;
        owner.access = Opcodes.ACC_PUBLIC;
        owner.name = "gen/Hand";
        owner.superName = "java/lang/Object";
        owner.interfaces = new ArrayList<>();
        return owner;
    }

    /** A static method {@code m} of descriptor {@code descriptor} whose code {@code code} writes (visitCode/visitMaxs done here). */
    static MethodNode method(String descriptor, Consumer<MethodNode> code) {
        MethodNode m = new MethodNode(AsmApi.LEVEL, Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", descriptor, null, null);
        m.visitCode();
        code.accept(m);
        m.visitMaxs(8, 8);
        m.visitEnd();
        return m;
    }

    static FrameAnalysis flow(MethodNode m) throws AnalyzerException {
        return FrameAnalysis.of(owner(), m, HIERARCHY);
    }

    static void yieldValue(MethodNode m) {
        m.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
    }

    /** The index of the {@code nth} (from 0) instruction matching {@code what}. */
    static int indexOf(MethodNode m, Predicate<AbstractInsnNode> what, int nth) {
        int seen = 0;
        for (int i = 0; i < m.instructions.size(); i++) {
            if (what.test(m.instructions.get(i)) && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no instruction " + nth + " of that kind");
    }

    static int indexOf(MethodNode m, Predicate<AbstractInsnNode> what) {
        return indexOf(m, what, 0);
    }

    static Predicate<AbstractInsnNode> opcode(int opcode) {
        return insn -> insn.getOpcode() == opcode;
    }

    static Predicate<AbstractInsnNode> call(String name) {
        return insn -> insn instanceof MethodInsnNode c && c.name.equals(name);
    }
}
