package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
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
}
