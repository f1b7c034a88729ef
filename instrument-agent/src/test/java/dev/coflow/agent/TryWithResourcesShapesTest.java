package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.cases.TryWithResourcesAcrossYield;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import dev.coflow.agent.twr.Javac9CloseResource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Catalogue 55: try-with-resources in the shapes other compilers give it, with suspension points in the resource's
 * initialiser, the body and {@code close()}. javac 11+ is the case {@code TryWithResourcesAcrossYield}, javac 7-8 the
 * case {@code TryWithResourcesAsJavac8} (both run by AllCasesTest); here the Eclipse compiler's output of both, and
 * javac 9-10's {@code $closeResource} helper.
 */
class TryWithResourcesShapesTest {
    @TempDir
    Path temp;

    @Test
    void ecj_tryWithResources_andTheJavac8Desugaring_runExactly() throws Exception {
        Path dir = temp.resolve("ecj");
        Path sources = Path.of("src/test/java/dev/coflow/agent/cases");
        StringWriter out = new StringWriter();
        boolean ok = org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(new String[] {"--release", "17", "-g", "-proc:none",
                "-nowarn", "-cp", System.getProperty("java.class.path"), "-d", dir.toString(),
                sources.resolve("TryWithResourcesAcrossYield.java").toString(), sources.resolve("TryWithResourcesAsJavac8.java").toString()},
                new PrintWriter(out), new PrintWriter(out), null);
        assertTrue(ok, () -> "ECJ failed:\n" + out);
        for (String name : List.of("TryWithResourcesAcrossYield", "TryWithResourcesAsJavac8")) {
            DirectoryLoader loader = new DirectoryLoader(dir, true);
            Class<?> fixture = loader.loadClass("dev.coflow.agent.cases." + name);
            assertTrue(loader.rewritten().contains(fixture.getName()), () -> name + " was not rewritten: " + loader.rewritten());
            assertEquals(TryWithResourcesAcrossYield.EXPECTED, drive(fixture, TryWithResourcesAcrossYield.SENDS), name);
        }
    }

    /**
     * javac 9 and 10 closed the resource in a synthetic helper, through {@code AutoCloseable#close}: a yield in the
     * resource's {@code close()} cannot suspend through it, with or without {@code suspendable=} (checked here: the class
     * suspendable changes nothing), and fails at the yield saying to recompile, which runs.
     */
    @Test
    void javac9_closeResourceHelper_failsAtTheYieldSayingToRecompile_andRecompiledRuns() throws Exception {
        Path dir = temp.resolve("javac9");
        for (String name : List.of("Javac9CloseResource", "Javac9CloseResource$Resource")) {
            String internal = "dev/coflow/agent/twr/" + name;
            byte[] bytes;
            try (var in = getClass().getClassLoader().getResourceAsStream(internal + ".class")) {
                bytes = in.readAllBytes();
            }
            Path file = dir.resolve(internal + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, markCloseResourceSynthetic(bytes));
        }
        for (boolean suspendable : new boolean[] {false, true}) {
            DirectoryLoader loader = new DirectoryLoader(dir, true, d -> false, List.of(),
                    name -> suspendable && name.equals("dev/coflow/agent/twr/Javac9CloseResource"));
            Class<?> fixture = loader.loadClass(Javac9CloseResource.class.getName());
            CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getDeclaredMethod("body"));
            assertEquals("init", h.next());
            assertEquals("body x", h.send("x"));
            NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> h.send(null));
            assertEquals(CoroutineState.CLOSED, h.state());
            String cls = Javac9CloseResource.class.getName();
            assertTrue(e.getMessage().startsWith("A suspension in " + cls + "$Resource#close (Javac9CloseResource.java:"), e::getMessage);
            assertTrue(e.getMessage().endsWith("Fix: " + cls + "#$closeResource (it calls " + cls + "$Resource#close) is a method the"
                    + " compiler made, which source cannot annotate and the agent does not rewrite: javac 9 and 10's helper that"
                    + " closes the resource of a try-with-resources statement, through AutoCloseable#close, which is not @Coroutine"
                    + " (so neither an annotation nor suspendable= makes that call one that can suspend); recompile " + cls
                    + " with javac 11 or newer (any --release), which closes the resource in the method itself, calling close on"
                    + " the type the resource is declared with."), e::getMessage);

            CoroutineHandle<Object, Object> fixed = Roots.coroutine(fixture.getDeclaredMethod("recompiled"));
            List<Object> yields = new ArrayList<>(List.of(fixed.next()));
            yields.add(fixed.send("x"));
            yields.add(fixed.send(null));
            yields.add(fixed.send(null));
            assertThrows(StopIteration.class, () -> fixed.send(null));
            assertEquals(List.of("init", "body x", "close x", "after"), yields);
        }
    }

    /** Sets ACC_SYNTHETIC on {@code $closeResource}, as javac 9 and 10 did. */
    private static byte[] markCloseResourceSynthetic(byte[] bytes) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return super.visitMethod(name.equals("$closeResource") ? access | Opcodes.ACC_SYNTHETIC : access, name, descriptor, signature, exceptions);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static List<Object> drive(Class<?> fixture, List<Object> sends) throws Exception {
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getDeclaredMethod("body"));
        List<Object> yields = new ArrayList<>();
        try {
            yields.add(h.next());
            for (int i = 0; ; i++) {
                yields.add(h.send(i < sends.size() ? sends.get(i) : null));
            }
        } catch (StopIteration done) {
            return yields;
        }
    }
}
