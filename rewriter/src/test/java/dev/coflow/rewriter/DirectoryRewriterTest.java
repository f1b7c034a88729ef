package dev.coflow.rewriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time path: a directory of javac's output rewritten in place, loaded with no agent, rewritten again as a no-op.
 * The fixtures live in dev.coflow.build*, not under dev.coflow.rewriter, which ClassFilter never rewrites.
 */
class DirectoryRewriterTest {
    private static final Path TEST_CLASSES = Path.of("target/test-classes");

    /** Copies one package of the test classes into {@code dir}, as a class output directory of its own. */
    private static void copyPackage(String pkg, Path dir) throws IOException {
        Path from = TEST_CLASSES.resolve(pkg.replace('.', '/'));
        Path to = dir.resolve(pkg.replace('.', '/'));
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static DirectoryRewriter.Report rewrite(Path dir) throws IOException {
        return rewrite(dir, true);
    }

    private static DirectoryRewriter.Report rewrite(Path dir, boolean writeOnError) throws IOException {
        try (DirectoryRewriter.ClassPath rest = DirectoryRewriter.classPath(List.of(TEST_CLASSES, Path.of("../core/target/classes")))) {
            return DirectoryRewriter.rewrite(dir, rest, SuspendableClasses.NONE, List.of(), new ClassRewriter.Options(true), writeOnError);
        }
    }

    /** A build that fails on errors writes nothing: the next build (javac may leave the classes) meets the same errors. */
    @Test
    void rewrite_withErrors_andNotWriteOnError_writesNothing_soTheNextRunReportsThemAgain(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildrefusal", dir);
        copyPackage("dev.coflow.buildfixture", dir);
        Path locked = dir.resolve("dev/coflow/buildrefusal/Locked.class");
        Path counter = dir.resolve("dev/coflow/buildfixture/Counter.class");
        byte[] lockedBefore = Files.readAllBytes(locked);
        byte[] counterBefore = Files.readAllBytes(counter);
        for (int run = 0; run < 2; run++) {
            DirectoryRewriter.Report report = rewrite(dir, false);
            assertEquals(1, report.errors().size(), report.errors().toString());
            assertEquals(List.of(), report.rewritten());
            assertArrayEquals(lockedBefore, Files.readAllBytes(locked));
            assertArrayEquals(counterBefore, Files.readAllBytes(counter));
        }
    }

    /** Loads the classes of a directory child-first, exactly as they are on disk: no rewriting at load. */
    static final class PlainLoader extends ClassLoader {
        private final Path dir;

        PlainLoader(Path dir) {
            super(DirectoryRewriterTest.class.getClassLoader());
            this.dir = dir;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            Path f = dir.resolve(name.replace('.', '/') + ".class");
            if (!Files.exists(f)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        byte[] bytes = Files.readAllBytes(f);
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @Test
    void rewrite_rewritesInPlace_andTheClassesRunWithNoAgent(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildfixture", dir);
        DirectoryRewriter.Report report = rewrite(dir);
        assertEquals(List.of(), report.errors());
        // Counter (count's body) and nothing else: Squares has nothing that can suspend
        assertEquals(List.of("dev/coflow/buildfixture/Counter"), report.rewritten());
        assertEquals(report.rewritten(), List.copyOf(report.nanos().keySet()));
        byte[] counter = Files.readAllBytes(dir.resolve("dev/coflow/buildfixture/Counter.class"));
        assertEquals(ClassRewriter.VERSION, ClassRewriter.rewrittenBy(counter));
        assertNull(ClassRewriter.rewrittenBy(Files.readAllBytes(dir.resolve("dev/coflow/buildfixture/Squares.class"))));

        Class<?> c = new PlainLoader(dir).loadClass("dev.coflow.buildfixture.Counter");
        assertEquals(List.of(0, 1, 4, 9, 16), c.getMethod("run", int.class).invoke(null, 5));
    }

    /** A {@code module-info.class} for module {@code name} that requires {@code requires} (besides java.base). */
    private static void writeModuleInfo(Path dir, String name, String... requires) throws IOException {
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        writer.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_MODULE, "module-info", null, null, null);
        org.objectweb.asm.ModuleVisitor module = writer.visitModule(name, 0, null);
        module.visitRequire("java.base", org.objectweb.asm.Opcodes.ACC_MANDATED, null);
        for (String r : requires) {
            module.visitRequire(r, 0, null);
        }
        module.visitEnd();
        writer.visitEnd();
        Files.write(dir.resolve("module-info.class"), writer.toByteArray());
    }

    /**
     * Catalogue 80: a named module rewritten at build time calls coflow's runtime from its rewritten classes; run without
     * the agent it needs to read coflow's module, so a module that does not require it is warned about, with the two
     * fixes; one that does, or a directory that is no module, is not.
     */
    @Test
    void rewrite_ofANamedModuleThatDoesNotRequireCoflow_warnsWithTheFix(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildfixture", dir);
        writeModuleInfo(dir, "acme.feeds");
        DirectoryRewriter.Report report = rewrite(dir);
        assertTrue(!report.rewritten().isEmpty(), report.rewritten().toString());
        assertEquals(1, report.warnings().size(), report.warnings().toString());
        String warning = report.warnings().get(0);
        assertTrue(warning.startsWith("module acme.feeds does not require dev.coflow, and "), warning);
        assertTrue(warning.contains("IllegalAccessError"), warning);
        assertTrue(warning.contains("Fix: add 'requires dev.coflow;' to its module-info.java, or run it with --add-reads"
                + " acme.feeds=dev.coflow"), warning);
    }

    @Test
    void rewrite_ofANamedModuleThatRequiresCoflow_orOfNoModule_warnsOfNothing(@TempDir Path dir, @TempDir Path plain) throws Exception {
        copyPackage("dev.coflow.buildfixture", dir);
        writeModuleInfo(dir, "acme.feeds", "dev.coflow");
        assertEquals(List.of(), rewrite(dir).warnings());
        copyPackage("dev.coflow.buildfixture", plain);
        DirectoryRewriter.Report report = rewrite(plain);
        assertTrue(!report.rewritten().isEmpty());
        assertEquals(List.of(), report.warnings());
    }

    /** A method rewritten past HotSpot's compile limit is rewritten and reported as a warning (the Maven plugin logs it). */
    @Test
    void rewrite_ofAMethodPastTheJitLimit_rewritesIt_andReportsItAsSlow(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildslow", dir);
        DirectoryRewriter.Report report = rewrite(dir);
        assertEquals(List.of(), report.errors());
        assertEquals(List.of("dev/coflow/buildslow/Fields"), report.rewritten());
        assertEquals(1, report.slow().size(), report.slow().toString());
        dev.coflow.rewriter.report.Diagnostic d = report.slow().get(0);
        assertEquals(dev.coflow.rewriter.report.Problem.TOO_LARGE_TO_COMPILE, d.problem());
        assertEquals("read", d.method());
        assertEquals("Fields.java", d.file());
        assertTrue(d.line() > 0, d::render);
        assertTrue(d.render().startsWith("[coflow] WARNING dev.coflow.buildslow.Fields#read ()Ljava/lang/Object; (Fields.java:"), d::render);
        assertEquals(List.of(), rewrite(dir).slow(), "a second run leaves the rewritten class alone");
    }

    @Test
    void rewrite_twice_leavesTheRewrittenClassesAlone(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildfixture", dir);
        rewrite(dir);
        Path counterFile = dir.resolve("dev/coflow/buildfixture/Counter.class");
        byte[] once = Files.readAllBytes(counterFile);
        DirectoryRewriter.Report again = rewrite(dir);
        assertEquals(List.of(), again.rewritten());
        assertEquals(List.of("dev/coflow/buildfixture/Counter"), again.alreadyRewritten());
        assertArrayEquals(once, Files.readAllBytes(counterFile));
        // and the rewriter itself, as the agent calls it, returns "unchanged" for the marked class
        assertNull(ClassRewriter.rewrite(once, ClassHierarchy.of(getClass().getClassLoader()), ClassRewriter.Options.DEFAULT).bytes());
    }

    @Test
    void rewrite_reportsARefusalWithFileAndLine_andGuardsTheRefusedMethod(@TempDir Path dir) throws Exception {
        copyPackage("dev.coflow.buildrefusal", dir);
        Path file = dir.resolve("dev/coflow/buildrefusal/Locked.class");
        byte[] before = Files.readAllBytes(file);
        DirectoryRewriter.Report report = rewrite(dir);
        // the refused method stays as it was but for its guard (Suspension.enterRefused at its entry)
        assertEquals(List.of("dev/coflow/buildrefusal/Locked"), report.rewritten());
        Guards.assertOnlyGuarded(Files.readAllBytes(file), "locked");
        assertEquals(1, report.errors().size(), report.errors().toString());
        Diagnostic d = report.errors().get(0);
        assertEquals(Problem.YIELD_IN_SYNCHRONIZED_BLOCK, d.problem());
        assertEquals("Locked.java", d.file());
        assertEquals(lineOf("buildrefusal/Locked.java", "LINE-OF-REFUSAL"), d.line());
        assertTrue(before.length < Files.readAllBytes(file).length);
    }

    @Test
    void classPath_findsDirectoriesThenJarsThenTheJdk() throws IOException {
        try (DirectoryRewriter.ClassPath path = DirectoryRewriter.classPath(List.of(TEST_CLASSES))) {
            assertNotNull(path.apply("dev/coflow/buildfixture/Counter"));
            assertNotNull(path.apply("java/lang/Object"));
            assertNotNull(path.apply("java/sql/Connection")); // a platform module, not java.base
            assertNull(path.apply("no/such/Thing"));
        }
    }

    private static int lineOf(String source, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/coflow").resolve(source));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + source);
    }
}
