package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Catalogue 53 and 65: class files of every version from Java 17 up to the JDK running the test
 * (61..69 on JDK 25) are rewritten, checked, loaded with the verifier on and run. Sources are
 * compiled at test time with {@code --release N}; from 21 on they use a pattern switch with a
 * guard that yields and a record pattern whose case body yields.
 */
class ClassVersionTest {

    static List<Integer> releases() {
        int running = Runtime.version().feature();
        return IntStream.rangeClosed(17, running).boxed().toList();
    }

    private static final String COMMON = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Versioned {
                @Coroutine static String greet(String who) {
                    try {
                        Coroutines.yield("hello " + who);
                    } finally {
                        Coroutines.yield("finally " + who);
                    }
                    return who.toUpperCase();
                }
                @Coroutine public static void body() {
                    long total = 0;
                    for (int i = 0; i < 2; i++) {
                        total += (Integer) Coroutines.yield(i);
                    }
                    Coroutines.yield("total " + total + " " + greet("jvm"));
                    SHAPES
                }
                TYPES
            }
            """;

    private static final String PATTERN_BODY = """
                    Object[] items = {new Circle(2), new Circle(0.5), new Square(2), "str", 42};
                    for (Object o : items) {
                        String d = switch (o) {
                            case Circle c when c.r() > (Integer) Coroutines.yield("guard") -> "big circle";
                            case Circle(double r) -> "circle " + Coroutines.yield(r);
                            case Square s -> "square";
                            case String s -> "string " + s.length();
                            default -> "other";
                        };
                        Coroutines.yield(d);
                    }
            """;

    private static final String PATTERN_TYPES = """
                sealed interface Shape permits Circle, Square {}
                record Circle(double r) implements Shape {}
                record Square(double s) implements Shape {}
            """;

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void rewrite_classOfEveryVersion(int release) throws Exception {
        boolean patterns = release >= 21;
        String source = COMMON.replace("SHAPES", patterns ? PATTERN_BODY : "").replace("TYPES", patterns ? PATTERN_TYPES : "");
        Path dir = Files.createTempDirectory("coflow-version");
        Path file = dir.resolve("gen/Versioned.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", String.valueOf(release), "-g",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac --release " + release);
        byte[] main = Files.readAllBytes(dir.resolve("gen/Versioned.class"));
        assertEquals(44 + release, new ClassReader(main).readUnsignedShort(6), "class file major version");

        dev.coflow.agent.harness.DirectoryLoader loader = new dev.coflow.agent.harness.DirectoryLoader(dir, true);
        Class<?> versioned = loader.loadClass("gen.Versioned");
        assertTrue(loader.rewritten().contains("gen.Versioned"), "gen.Versioned was not rewritten");
        Method body = versioned.getDeclaredMethod("body");
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(body);
        List<Object> yields = new ArrayList<>();
        try {
            yields.add(handle.next());
            while (true) {
                yields.add(handle.send(1));
            }
        } catch (StopIteration done) {
            assertEquals((Object) null, done.value());
        }
        List<Object> expected = new ArrayList<>(List.of(0, 1, "hello jvm", "finally jvm", "total 2 JVM"));
        if (patterns) {
            expected.addAll(List.of("guard", "big circle", "guard", 0.5, "circle 1", "square", "string 3", "other"));
        }
        assertEquals(expected, yields);
    }

    
}
