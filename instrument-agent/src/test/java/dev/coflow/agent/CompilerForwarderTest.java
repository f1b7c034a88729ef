package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 37: a nested class calls a private coroutine method of its outer class. Compiled for Java 8, the call
 * goes through javac's synthetic accessor {@code access$000}, which the agent does not rewrite: the suspension fails
 * at the yield, and the fix must be one a user can apply (the accessor cannot be annotated).
 */
class CompilerForwarderTest {

    private static final String SOURCE = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Outer {
                public static final java.util.List<String> LOG = new java.util.ArrayList<>();
                @Coroutine private static int secret(int x) {
                    return (Integer) Coroutines.yield("secret " + x) + x;
                }
                static class Inner {
                    @Coroutine int go(int x) {
                        int r = secret(x);
                        LOG.add("inner got " + r);
                        return r;
                    }
                }
                @Coroutine public static Object body() {
                    return new Inner().go(1);
                }
            }
            """;

    @Test
    void accessorOfJava8_failsAtTheYield_withAFixThatCanBeApplied() throws Exception {
        Path dir = Files.createTempDirectory("coflow-accessor");
        Path file = dir.resolve("gen/Outer.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SOURCE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "8", "-nowarn", "-g",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac --release 8");

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> outer = loader.loadClass("gen.Outer");
        assertTrue(List.of(outer.getDeclaredMethods()).stream().anyMatch(m -> m.getName().startsWith("access$")),
                "javac --release 8 made no accessor");
        Method body = outer.getDeclaredMethod("body");
        CoroutineHandle<Object, Object> handle = Roots.coroutine(body);

        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);

        String message = e.getMessage();
        assertTrue(message.matches("(?s)A suspension in gen\\.Outer#secret \\(Outer\\.java:\\d+\\) cannot be saved: gen\\.Outer#access\\$\\d+ .*"),
                message);
        assertTrue(message.contains("is a method the compiler made, which source cannot annotate and the agent does not rewrite:"
                + " javac's accessor for a private member that a nested class uses"), message);
        assertTrue(message.contains("compile with --release 11 or later"), message);
        assertTrue(!message.contains("annotate gen.Outer#access$"), message);
        assertEquals(List.of(), outer.getDeclaredField("LOG").get(null), "the nested class ran on after the refused yield");
    }

    private static final String KOTLIN_STYLE = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Greeter {
                public static final java.util.List<String> LOG = new java.util.ArrayList<>();
                @Coroutine public static String greet(String name) {
                    return Coroutines.yield("hello " + name) + "!";
                }
                // what kotlinc makes for fun greet(name: String = "world"); the test marks it synthetic, as kotlinc does
                public static String greet$default(String name, int mask, Object marker) {
                    if ((mask & 1) != 0) {
                        name = "world";
                    }
                    String r = greet(name);
                    LOG.add("forwarder got " + r);
                    return r;
                }
                @Coroutine public static Object body() {
                    return greet$default(null, 1, null);
                }
            }
            """;

    /**
     * Catalogue 47: Kotlin's forwarder for default arguments ({@code greet$default}, synthetic static, in the class of the
     * coroutine method it calls) between a coroutine and that method: it is a coroutine method too, rewritten, and the
     * forwarder's code after the call runs with the value sent in, as in plain Java. (Real kotlinc output:
     * KotlinCompiledTest, KtDefaultArguments.)
     */
    @Test
    void kotlinDefaultArgumentsForwarder_isRewritten_andRunsOnWithTheValueSentIn() throws Exception {
        Path dir = Files.createTempDirectory("coflow-default");
        Path file = dir.resolve("gen/Greeter.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, KOTLIN_STYLE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-nowarn", "-g",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac");
        Path classFile = dir.resolve("gen/Greeter.class");
        org.objectweb.asm.ClassReader reader = new org.objectweb.asm.ClassReader(Files.readAllBytes(classFile));
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        reader.accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9, writer) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                int marked = name.endsWith("$default") ? access | org.objectweb.asm.Opcodes.ACC_SYNTHETIC : access;
                return super.visitMethod(marked, name, descriptor, signature, exceptions);
            }
        }, 0);
        Files.write(classFile, writer.toByteArray());

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> greeter = loader.loadClass("gen.Greeter");
        assertTrue(greeter.getDeclaredMethod("greet$default", String.class, int.class, Object.class).isSynthetic());
        CoroutineHandle<Object, Object> handle = Roots.coroutine(greeter.getDeclaredMethod("body"));

        assertEquals("hello world", handle.next());
        StopIteration done = assertThrows(StopIteration.class, () -> handle.send("sent"));
        assertEquals("sent!", done.value());
        assertEquals(List.of("forwarder got sent!"), greeter.getDeclaredField("LOG").get(null));
        assertTrue(loader.rewritten().contains("gen.Greeter"));
    }
}
