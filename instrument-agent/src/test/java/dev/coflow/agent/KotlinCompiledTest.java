package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.DirectoryLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jetbrains.kotlin.cli.common.ExitCode;
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalogue 59: coroutines written in Kotlin. The fixtures in {@code src/test/kotlin-fixtures} (one file and package each, a
 * top-level {@code body()} and its {@code EXPECTED}, {@code SENDS} and {@code RESULT}, as the Java case fixtures
 * have) are compiled here by kotlinc, then rewritten, checked with {@code CheckClassAdapter}, loaded with the
 * verifier on and driven as {@link AllCasesTest} drives javac's: inliner output, {@code Ref} boxes, parameter null
 * checks, string templates, {@code when}, classes, objects, companions, interfaces with default methods,
 * extension functions, Kotlin lambdas as coroutine bodies, and default arguments.
 */
class KotlinCompiledTest {
    static final Path SOURCES = Path.of("src/test/kotlin-fixtures");
    static final String PACKAGE = "dev.coflow.agent.kotlin";

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileTheFixturesWithKotlinc() throws Exception {
        List<String> args = new ArrayList<>(List.of("-no-stdlib", "-no-reflect", "-jvm-target", "17",
                "-classpath", jarOf(Coroutine.class) + java.io.File.pathSeparator + jarOf(kotlin.Unit.class),
                "-d", classes.toString()));
        args.addAll(sources());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExitCode code = new K2JVMCompiler().exec(new PrintStream(out, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertEquals(ExitCode.OK, code, () -> "kotlinc failed:\n" + out.toString(StandardCharsets.UTF_8));
    }

    private static String jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static List<String> sources() throws Exception {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".kt")).map(Path::toString).sorted().toList();
        }
    }

    /**
     * The fixtures by binary name: one per file, named as the file ({@code @file:JvmName}), each in a package of its
     * own (top-level functions of one package would clash), named as its directory.
     */
    static List<String> fixtures() throws Exception {
        return sources().stream().map(Path::of)
                .map(p -> PACKAGE + "." + p.getParent().getFileName() + "." + p.getFileName().toString().replace(".kt", ""))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void kotlinCompiled_runsFixture(String name) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> fixture = loader.loadClass(name);
        CaseHarness.Driven run = CaseHarness.driveShared(fixture);
        List<Object> expected = CaseHarness.optionalList(fixture, "EXPECTED");
        assertNotNull(expected, name + " has no EXPECTED");
        assertEquals(expected, run.yields(), name + " yielded");
        Object absent = new Object();
        Object result = CaseHarness.optionalField(fixture, "RESULT", absent);
        if (result != absent) {
            assertEquals(result, run.result(), name + " returned");
        }
        assertTrue(loader.rewritten().contains(fixture.getName()), name + " was not rewritten");
    }
}
