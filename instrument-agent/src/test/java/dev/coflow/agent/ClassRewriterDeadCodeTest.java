package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Catalogue 68: a suspension point in unreachable code. javac never emits dead code, so the class is
 * built with ASM: after an unconditional {@code goto}, a block (with the stack map frame the verifier
 * requires there) calls {@code Coroutines.yield}. The analyser has no frame for it; the rewriter must
 * ignore it, not crash, and still rewrite the live suspension points.
 */
class ClassRewriterDeadCodeTest {
    private static final String COROUTINES = "dev/coflow/Coroutines";
    private static final String YIELD_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";

    @Test
    void rewrite_ignoresYieldInDeadCodeAndRewritesLiveOnes() throws Exception {
        String name = "dev/coflow/agent/generated/DeadYieldBetweenLiveYields";
        ClassRewriter.Result result = rewrite(generate(name, true));
        assertEquals(List.of(), result.diagnostics());
        assertEquals(List.of("body()V"), result.rewritten());
        assertNotNull(result.bytes());
        assertEquals("", check(result.bytes()));
        Method body = define(name, result.bytes()).getMethod("body");
        assertEquals(List.of("live 1", "live 2"), drain(body));
    }

    @Test
    void rewrite_leavesMethodWhoseOnlyYieldIsDeadUnchanged() {
        ClassRewriter.Result result = rewrite(generate("dev/coflow/agent/generated/OnlyDeadYield", false));
        assertEquals(List.of(), result.diagnostics());
        assertEquals(List.of(), result.rewritten());
        assertNull(result.bytes(), "a method with no reachable suspension point stays as it is");
    }

    /**
     * <pre>
     * @Coroutine public static void body() {
     *     [Coroutines.yield("live 1");]        when withLiveYields
     *     goto end;
     *     Coroutines.yield("dead");            unreachable, after a full frame
     *     goto end;
     *   end:
     *     [Coroutines.yield("live 2");]        when withLiveYields
     *     return;
     * }
     * </pre>
     */
    private static byte[] generate(String internalName, boolean withLiveYields) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        writer.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "body", "()V", null, null);
        m.visitAnnotation(BytecodeContract.COROUTINE_DESCRIPTOR, true).visitEnd();
        m.visitCode();
        Label end = new Label();
        if (withLiveYields) {
            emitYield(m, "live 1");
        }
        m.visitJumpInsn(Opcodes.GOTO, end);
        m.visitFrame(Opcodes.F_NEW, 0, new Object[0], 0, new Object[0]);
        emitYield(m, "dead");
        m.visitJumpInsn(Opcodes.GOTO, end);
        m.visitLabel(end);
        m.visitFrame(Opcodes.F_NEW, 0, new Object[0], 0, new Object[0]);
        if (withLiveYields) {
            emitYield(m, "live 2");
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        assertEquals("", check(bytes), "the generated input itself must verify");
        return bytes;
    }

    private static void emitYield(MethodVisitor m, String value) {
        m.visitLdcInsn(value);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, COROUTINES, "yield", YIELD_DESCRIPTOR, false);
        m.visitInsn(Opcodes.POP);
    }

    private static ClassRewriter.Result rewrite(byte[] bytes) {
        ClassLoader loader = ClassRewriterDeadCodeTest.class.getClassLoader();
        return ClassRewriter.rewrite(bytes, new ClassHierarchy(name -> read(loader, name)), ClassRewriter.Options.DEFAULT);
    }

    private static String check(byte[] bytes) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), ClassRewriterDeadCodeTest.class.getClassLoader(), false, new PrintWriter(out));
        return out.toString();
    }

    private static Class<?> define(String internalName, byte[] bytes) {
        return new ClassLoader(ClassRewriterDeadCodeTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(internalName.replace('/', '.'), bytes, 0, bytes.length);
            }
        }.define();
    }

    private static List<Object> drain(Method body) {
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(body);
        List<Object> yields = new ArrayList<>();
        assertThrows(StopIteration.class, () -> {
            while (true) {
                yields.add(handle.next());
            }
        });
        return yields;
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
