package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Catalogue 51, 53, 64 and 65: class files of Java 8 and 11 and of every version from Java 17 up to the JDK running
 * the test (52, 55, 61..69 on JDK 25) are rewritten, checked, loaded with the verifier on and run. Sources are
 * compiled at test time with {@code --release N}: an interface's static and default coroutine methods (and from 9 on
 * a private one), string concatenation with a yield (javac 8's {@code StringBuilder} form, javac 9's
 * {@code invokedynamic} from 11 on), and from 21 on a pattern switch with a guard that yields, a record pattern whose
 * case body yields and a record whose {@code @Coroutine} accessor yields, then throws inside a record pattern (the
 * {@code MatchException} that wraps it, as in plain Java). From 25 on, a constructor that yields before its
 * {@code super(...)} call (JEP 513) is refused as every constructor that yields is.
 */
class ClassVersionTest {

    static List<Integer> releases() {
        int running = Runtime.version().feature();
        List<Integer> releases = new ArrayList<>(List.of(8, 11));
        releases.addAll(IntStream.rangeClosed(17, running).boxed().toList());
        return releases;
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
                    Greeter g = new Greeter() { };
                    Coroutines.yield(Greeter.twice("ab") + " " + g.hi("x"));
                    String joined = "";
                    for (String w : new String[] {"p", "q"}) {
                        joined += ":" + Coroutines.yield(w);
                    }
                    Coroutines.yield(joined);
                    SHAPES
                }
                interface Greeter {
                    @Coroutine static String twice(String s) {
                        Coroutines.yield("twice " + s);
                        return s + s;
                    }
                    @Coroutine default String hi(String s) {
                        String t = PRIVATE_CALL;
                        Coroutines.yield("hi " + t);
                        return t;
                    }
                    PRIVATE_METHOD
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
                record Pt(int x, int y) {
                    @Coroutine public int x() {
                        Coroutines.yield("accessor " + x);
                        if (x < 0) {
                            throw new IllegalArgumentException("negative " + x);
                        }
                        return x;
                    }
                }
            """;

    /** From 21 on: a record pattern whose accessor yields, then throws; plain Java wraps the throw in MatchException. */
    private static final String ACCESSOR_BODY = """
                    for (Object o : new Object[] {new Pt(1, 2), new Pt(-1, 2)}) {
                        try {
                            String r = switch (o) {
                                case Pt(int a, int b) when a > 0 -> "pos " + a;
                                case Pt(int a, int b) -> "neg " + a;
                                default -> "no";
                            };
                            Coroutines.yield(r);
                        } catch (MatchException e) {
                            Coroutines.yield("match " + e.getCause().getMessage());
                        }
                    }
            """;

    /** From 9 on, an interface may have private methods: the default method calls a private coroutine method. */
    private static final String PRIVATE_METHOD = """
                    @Coroutine private String wrap(String s) {
                        Coroutines.yield("private " + s);
                        return "<" + s + ">";
                    }
            """;

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void rewrite_classOfEveryVersion(int release) throws Exception {
        boolean patterns = release >= 21;
        boolean privateInterfaceMethods = release >= 9;
        String source = COMMON.replace("SHAPES", patterns ? PATTERN_BODY + ACCESSOR_BODY : "")
                .replace("TYPES", patterns ? PATTERN_TYPES : "")
                .replace("PRIVATE_CALL", privateInterfaceMethods ? "wrap(s)" : "\"<\" + s + \">\"")
                .replace("PRIVATE_METHOD", privateInterfaceMethods ? PRIVATE_METHOD : "");
        Path dir = Files.createTempDirectory("coflow-version");
        Path file = dir.resolve("gen/Versioned.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", String.valueOf(release), "-g", "-Xlint:-options",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac --release " + release);
        runVersioned(dir, release, patterns, privateInterfaceMethods);
    }

    /**
     * Catalogue 53: the same program with its pattern switch, record patterns and yielding record accessor compiled by
     * the Eclipse compiler for Java 21 (its switch and pattern code differs from javac's), on a JDK that has Java 21's
     * class library.
     */
    @Test
    void ecj_release21_patternSwitchAndRecordPatterns_runExactly() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "ECJ compiles --release 21 against the running JDK's library");
        String source = COMMON.replace("SHAPES", PATTERN_BODY + ACCESSOR_BODY).replace("TYPES", PATTERN_TYPES)
                .replace("PRIVATE_CALL", "wrap(s)").replace("PRIVATE_METHOD", PRIVATE_METHOD);
        Path dir = Files.createTempDirectory("coflow-version-ecj");
        Path file = dir.resolve("gen/Versioned.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        StringWriter out = new StringWriter();
        boolean ok = org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(new String[] {"--release", "21", "-g", "-proc:none",
                "-nowarn", "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString()},
                new PrintWriter(out), new PrintWriter(out), null);
        assertTrue(ok, () -> "ECJ failed:\n" + out);
        runVersioned(dir, 21, true, true);
    }

    /** Loads the compiled {@code gen.Versioned} rewritten, drives its {@code body} and compares what it yields. */
    private static void runVersioned(Path dir, int release, boolean patterns, boolean privateInterfaceMethods) throws Exception {
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
        List<Object> expected = new ArrayList<>(List.of(0, 1, "hello jvm", "finally jvm", "total 2 JVM", "twice ab"));
        if (privateInterfaceMethods) {
            expected.add("private x");
        }
        expected.addAll(List.of("hi <x>", "abab <x>", "p", "q", ":1:1"));
        if (patterns) {
            expected.addAll(List.of("guard", "big circle", "guard", 0.5, "circle 1", "square", "string 3", "other"));
            expected.addAll(List.of("accessor 1", "pos 1", "accessor -1", "match negative -1"));
        }
        assertEquals(expected, yields);
    }

    private static final String EARLY = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Early {
                final int n;
                public Early(int n) {
                    Integer sent = Coroutines.yield("early " + n);
                    super();
                    this.n = sent + n;
                }
                public Early() {
                    this.n = 7;
                }
                @Coroutine public static Object made() {
                    Coroutines.yield("made");
                    return new Early(3).n;
                }
                @Coroutine public static Object plain() {
                    Coroutines.yield("plain");
                    return new Early().n;
                }
            }
            """;

    /**
     * Catalogue 20: from Java 25 a constructor may run statements before {@code super(...)} (JEP 513). A yield there
     * is refused at load as any constructor's (a constructor is never rewritten); the class's other methods are, and
     * the refused yield fails at the yield, naming the constructor and its line.
     */
    @Test
    void release25_constructorYieldingBeforeSuper_isRefused_andFailsAtTheYield() throws Exception {
        int running = Runtime.version().feature();
        assumeTrue(running >= 25, "statements before super(...) need Java 25");
        Path dir = Files.createTempDirectory("coflow-early");
        Path file = dir.resolve("gen/Early.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, EARLY);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", String.valueOf(running), "-g",
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac --release " + running);

        List<Diagnostic> refused = new ArrayList<>();
        DirectoryLoader loader = new DirectoryLoader(dir, true, d -> refused.add(d) && d.problem() == Problem.CONSTRUCTOR);
        Class<?> early = loader.loadClass("gen.Early");
        assertTrue(loader.rewritten().contains("gen.Early"), "gen.Early's coroutine methods were not rewritten");
        assertEquals(1, refused.size(), refused::toString);
        assertEquals("<init>", refused.get(0).method(), refused::toString);
        assertEquals("(I)V", refused.get(0).descriptor(), refused::toString);
        assertEquals(7, refused.get(0).line(), refused::toString);

        CoroutineHandle<Object, Object> plain = Roots.coroutine(early.getDeclaredMethod("plain"));
        assertEquals("plain", plain.next());
        StopIteration done = assertThrows(StopIteration.class, () -> plain.send(null));
        assertEquals(7, (Object) done.value());

        CoroutineHandle<Object, Object> made = Roots.coroutine(early.getDeclaredMethod("made"));
        assertEquals("made", made.next());
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> made.send(null));
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called in gen.Early#<init> (Early.java:7)"),
                e::getMessage);
        assertTrue(e.getMessage().contains("Fix:"), e::getMessage);
    }
}
