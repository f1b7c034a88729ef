package dev.coflow.rewriter.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Test-only helpers for shape tests, in the manner of Kotlin's bytecode-text tests: rewrite a fixture
 * class, then count instructions of one method of the result. Assertion messages carry the listing.
 */
final class Shapes {
    private Shapes() {
    }

    private static final ClassLoader LOADER = Shapes.class.getClassLoader();

    static byte[] bytesOf(Class<?> fixture) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(fixture.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The fixture rewritten with the verifier on; fails when the rewriter reports anything. */
    static byte[] rewrittenBytes(Class<?> fixture) throws IOException {
        ClassRewriter.Result result = ClassRewriter.rewrite(bytesOf(fixture), ClassHierarchy.of(LOADER), new ClassRewriter.Options(true));
        assertEquals(List.of(), result.diagnostics(), "diagnostics");
        assertNotNull(result.bytes(), "the fixture must be rewritten");
        return result.bytes();
    }

    static ClassNode rewrite(Class<?> fixture) throws IOException {
        return read(rewrittenBytes(fixture));
    }

    static ClassNode read(byte[] bytes) {
        ClassNode node = new ClassNode(AsmApi.LEVEL);
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    static MethodNode method(ClassNode owner, String name, String descriptor) {
        for (MethodNode m : owner.methods) {
            if (m.name.equals(name) && m.desc.equals(descriptor)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + descriptor + " in " + owner.name + "; it has " + names(owner));
    }

    /** The rewritten body of the method {@code name + descriptor}: the overload with (Context, Frame, Object) appended. */
    static MethodNode body(ClassNode owner, String name, String descriptor) {
        return method(owner, name, bodyDescriptor(descriptor));
    }

    /**
     * The body of {@code name + descriptor} as one listing with its points' spill methods ({@code SpillEmitter}):
     * a copy of the body's code with the code of each spill method it calls put right after that call, so that what
     * a point saves reads as if it were spilled in place. For inspection only: the copy is not valid code.
     */
    static MethodNode bodyAndSpills(ClassNode owner, String name, String descriptor) {
        MethodNode body = body(owner, name, descriptor);
        MethodNode out = new MethodNode(body.access, body.name, body.desc, null, null);
        out.instructions.add(copy(body));
        for (AbstractInsnNode insn = out.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof org.objectweb.asm.tree.MethodInsnNode call && call.owner.equals(owner.name)
                    && call.name.startsWith(BytecodeContract.SPILL_PREFIX)) {
                InsnList spill = copy(method(owner, call.name, call.desc));
                AbstractInsnNode last = spill.getLast();
                out.instructions.insert(call, spill);
                insn = last;
            }
        }
        return out;
    }

    private static InsnList copy(MethodNode m) {
        java.util.Map<org.objectweb.asm.tree.LabelNode, org.objectweb.asm.tree.LabelNode> labels = new java.util.HashMap<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof org.objectweb.asm.tree.LabelNode l) {
                labels.put(l, new org.objectweb.asm.tree.LabelNode());
            }
        }
        InsnList out = new InsnList();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            out.add(insn.clone(labels));
        }
        return out;
    }

    /** The fresh body of {@code name + descriptor} ({@code FreshBody}): the overload with (Context) appended. */
    static MethodNode freshBody(ClassNode owner, String name, String descriptor) {
        return method(owner, name, freshDescriptor(descriptor));
    }

    static String freshDescriptor(String descriptor) {
        return descriptor.replace(")", BytecodeContract.CONTEXT_DESCRIPTOR + ")");
    }

    /** Whether {@code owner} has a method {@code name + descriptor}. */
    static boolean has(ClassNode owner, String name, String descriptor) {
        return owner.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(descriptor));
    }

    static String bodyDescriptor(String descriptor) {
        return descriptor.replace(")", BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")");
    }

    /** The methods whose name starts with {@code prefix}, in class-file order. */
    static List<MethodNode> methodsStartingWith(ClassNode owner, String prefix) {
        List<MethodNode> out = new ArrayList<>();
        for (MethodNode m : owner.methods) {
            if (m.name.startsWith(prefix)) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> names(ClassNode owner) {
        List<String> out = new ArrayList<>();
        owner.methods.forEach(m -> out.add(m.name + m.desc));
        return out;
    }

    /** The line a stack trace or debugger gives {@code insn}: that of the last line entry before it, or -1. */
    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode at = insn.getPrevious(); at != null; at = at.getPrevious()) {
            if (at instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }

    /** The real instructions of a method (no labels, line numbers or frames), in order. */
    static List<AbstractInsnNode> real(MethodNode method) {
        List<AbstractInsnNode> out = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                out.add(insn);
            }
        }
        return out;
    }

    /**
     * The real instructions of a bridge or resume adapter after its line prologue ({@code DebugLines}):
     * {@code goto over; L: aconst_null; athrow; over:} with the method's line entry at {@code L}, an
     * instruction that never runs, so a debugger shows the line but no breakpoint stops there.
     */
    static List<AbstractInsnNode> afterLinePrologue(MethodNode method) {
        List<AbstractInsnNode> code = real(method);
        String text = listing(method);
        assertTrue(code.size() > 3, text);
        assertTrue(code.get(0) instanceof JumpInsnNode j && j.getOpcode() == Opcodes.GOTO && nextReal(j.label) == code.get(3), text);
        assertEquals(Opcodes.ACONST_NULL, code.get(1).getOpcode(), text);
        assertEquals(Opcodes.ATHROW, code.get(2).getOpcode(), text);
        int lines = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                lines++;
                assertEquals(code.get(1), nextReal(ln.start), "the line entry is on the unreachable instruction\n" + text);
            }
        }
        assertEquals(1, lines, text);
        return code.subList(3, code.size());
    }

    static int count(MethodNode method, Predicate<AbstractInsnNode> what) {
        int n = 0;
        for (AbstractInsnNode insn : real(method)) {
            if (what.test(insn)) {
                n++;
            }
        }
        return n;
    }

    static Predicate<AbstractInsnNode> opcode(int opcode) {
        return insn -> insn.getOpcode() == opcode;
    }

    /** A call to {@code owner.name} of any descriptor. */
    static Predicate<AbstractInsnNode> calls(String owner, String name) {
        return insn -> insn instanceof MethodInsnNode m && m.owner.equals(owner) && m.name.equals(name);
    }

    /** A call to exactly {@code owner.name descriptor}. */
    static Predicate<AbstractInsnNode> calls(String owner, String name, String descriptor) {
        return insn -> insn instanceof MethodInsnNode m && m.owner.equals(owner) && m.name.equals(name) && m.desc.equals(descriptor);
    }

    /** An {@code invokedynamic} of a virtual call at a suspension point ({@code Bootstrap.virtualCall}) of the method {@code name}. */
    static Predicate<AbstractInsnNode> callsVirtualEntry(String name, String descriptor) {
        return insn -> insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy && indy.name.equals(name)
                && indy.desc.equals(descriptor) && indy.bsm.getName().equals(BytecodeContract.VIRTUAL_CALL_BOOTSTRAP)
                && indy.bsm.getOwner().equals(BytecodeContract.BOOTSTRAP);
    }

    static Predicate<AbstractInsnNode> callsSuspension(String name) {
        return calls(BytecodeContract.SUSPENSION, name);
    }

    /** Any arm of a call: {@code Suspension.arm} (static calls), {@code armVirtual} or {@code armSpecial}. */
    static Predicate<AbstractInsnNode> callsArm() {
        return callsSuspension(BytecodeContract.ARM).or(callsSuspension(BytecodeContract.ARM_VIRTUAL))
                .or(callsSuspension(BytecodeContract.ARM_SPECIAL));
    }

    /** The next real instruction after {@code insn}, or {@code null}. */
    static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next;
    }

    /** The previous real instruction before {@code insn}, or {@code null}. */
    static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode previous = insn.getPrevious();
        while (previous != null && previous.getOpcode() < 0) {
            previous = previous.getPrevious();
        }
        return previous;
    }

    /** A Textifier listing of the method, for assertion messages. */
    static String listing(MethodNode method) {
        Textifier text = new Textifier();
        method.accept(new TraceMethodVisitor(text));
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        pw.println(method.name + method.desc);
        text.print(pw);
        pw.flush();
        return out.toString();
    }
}
