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
 * Catalogue 37 and 47: methods a compiler made between a coroutine and its coroutine methods. A nested class's call of a
 * private coroutine method of its outer class goes, in class files for Java 10 or older, through javac's synthetic
 * accessor {@code access$000}, and a method reference to one from a nested class through the Eclipse compiler's
 * {@code access$0} even for Java 11 and later: the accessor only forwards, and is rewritten as a coroutine method too.
 * An accessor that does more is not, and the suspension fails at the yield with a fix a user can apply (the accessor
 * cannot be annotated).
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

    private static Path compileForJava8() throws Exception {
        Path dir = Files.createTempDirectory("coflow-accessor");
        Path file = dir.resolve("gen/Outer.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SOURCE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "8", "-nowarn", "-g",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac --release 8");
        return dir;
    }

    /** Rewrites {@code classFile} in place, through the visitor {@code through} puts in front of the writer. */
    private static void edit(Path classFile, java.util.function.UnaryOperator<org.objectweb.asm.ClassVisitor> through) throws java.io.IOException {
        org.objectweb.asm.ClassReader reader = new org.objectweb.asm.ClassReader(Files.readAllBytes(classFile));
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        reader.accept(through.apply(writer), 0);
        Files.write(classFile, writer.toByteArray());
    }

    @Test
    void accessorOfJava8_isRewritten_andRunsOnWithTheValueSentIn() throws Exception {
        Path dir = compileForJava8();

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> outer = loader.loadClass("gen.Outer");
        assertTrue(List.of(outer.getDeclaredMethods()).stream().anyMatch(m -> m.getName().startsWith("access$")),
                "javac --release 8 made no accessor");
        CoroutineHandle<Object, Object> handle = Roots.coroutine(outer.getDeclaredMethod("body"));

        assertEquals("secret 1", handle.next());
        StopIteration done = assertThrows(StopIteration.class, () -> handle.send(5));
        assertEquals((Object) 6, done.value());
        assertEquals(List.of("inner got 6"), outer.getDeclaredField("LOG").get(null));
    }

    /** An accessor that does more than forward (here a {@code nop} first) is not rewritten: the yield fails, saying why. */
    @Test
    void accessorThatDoesMoreThanForward_failsAtTheYield_withAFixThatCanBeApplied() throws Exception {
        Path dir = compileForJava8();
        edit(dir.resolve("gen/Outer.class"), writer -> new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9, writer) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                org.objectweb.asm.MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return !name.startsWith("access$") ? mv : new org.objectweb.asm.MethodVisitor(org.objectweb.asm.Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitInsn(org.objectweb.asm.Opcodes.NOP);
                    }
                };
            }
        });

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> outer = loader.loadClass("gen.Outer");
        CoroutineHandle<Object, Object> handle = Roots.coroutine(outer.getDeclaredMethod("body"));

        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);

        String message = e.getMessage();
        assertTrue(message.matches("(?s)A suspension in gen\\.Outer#secret \\(Outer\\.java:\\d+\\) cannot be saved: gen\\.Outer#access\\$\\d+ .*"),
                message);
        assertTrue(message.contains("is a method the compiler made, which source cannot annotate and the agent does not rewrite:"
                + " an accessor for a private member that a nested class uses, whose code does more than pass its arguments on"), message);
        assertTrue(message.contains("make the member package-private"), message);
        assertTrue(!message.contains("annotate gen.Outer#access$"), message);
        assertEquals(List.of(), outer.getDeclaredField("LOG").get(null), "the nested class ran on after the refused yield");
    }

    private static final String ECJ_METHOD_REFERENCE = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Refs {
                public static final java.util.List<String> LOG = new java.util.ArrayList<>();
                @Coroutine private static int secret(int x, String s) {
                    return (Integer) Coroutines.yield(s + x) + x;
                }
                @Coroutine private int mine(int x) {
                    return (Integer) Coroutines.yield("mine " + x) * x;
                }
                @Coroutine public static Object body() {
                    int a = new Object() {
                        @Coroutine int go() {
                            java.util.function.ToLongBiFunction<Integer, String> f = Refs::secret;
                            long r = f.applyAsLong(1, "secret ");
                            LOG.add("anonymous got " + r);
                            return (int) r;
                        }
                    }.go();
                    int b = new Nested().go(new Refs());
                    return a + b;
                }
                static class Nested {
                    @Coroutine int go(Refs refs) {
                        java.util.function.IntUnaryOperator f = refs::mine;
                        int r = f.applyAsInt(3);
                        LOG.add("nested got " + r);
                        return r;
                    }
                }
            }
            """;

    /**
     * The Eclipse compiler, even for Java 11 and later (nestmates), calls a private method that a nested class names in a
     * method reference through an accessor of its own ({@code access$0}, synthetic static, in the method's class), which
     * the method reference's hidden class calls. The accessor of a coroutine method is a coroutine method too (found
     * with {@code SourceProgramTest}: a refusal at the yield, whose fix spoke of javac and Java 10).
     */
    @Test
    void ecjAccessorForAMethodReferenceToAPrivateCoroutineMethod_isRewritten_andRunsExactly() throws Exception {
        Path dir = dev.coflow.agent.harness.Ecj.compile("gen.Refs", ECJ_METHOD_REFERENCE, "17");

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> refs = loader.loadClass("gen.Refs");
        assertTrue(List.of(refs.getDeclaredMethods()).stream().filter(m -> m.getName().startsWith("access$") && m.isSynthetic()).count() >= 2,
                "ECJ made no accessors: " + List.of(refs.getDeclaredMethods()));
        CoroutineHandle<Object, Object> handle = Roots.coroutine(refs.getDeclaredMethod("body"));

        assertEquals("secret 1", handle.next());
        assertEquals("mine 3", handle.send(5));
        StopIteration done = assertThrows(StopIteration.class, () -> handle.send(2));
        assertEquals((Object) 12, done.value());
        assertEquals(List.of("anonymous got 6", "nested got 6"), refs.getDeclaredField("LOG").get(null));
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
        edit(dir.resolve("gen/Greeter.class"), writer -> new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9, writer) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                int marked = name.endsWith("$default") ? access | org.objectweb.asm.Opcodes.ACC_SYNTHETIC : access;
                return super.visitMethod(marked, name, descriptor, signature, exceptions);
            }
        });

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
