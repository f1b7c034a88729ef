package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.DirectoryLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalogue 61: every case fixture compiled again by the Eclipse compiler (ECJ), whose bytecode differs from
 * javac's in ways a rewriter meets (finally blocks, switches on strings and enums, lambda bodies named
 * {@code lambda$0}, string concatenation, local slots, stack map frames), then rewritten, checked with
 * {@code CheckClassAdapter}, loaded with the verifier on and run: each must yield its {@code EXPECTED}
 * and return its {@code RESULT}, as javac's classes do in {@link AllCasesTest}.
 */
class EcjCompiledCasesTest {
    private static final Path SOURCES = Path.of("src/test/java", CaseHarness.CASES_PACKAGE.replace('.', '/'));

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileTheCasesWithEcj() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--release", "17", "-g", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-cp", Path.of(Coroutine.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                "-d", classes.toString()));
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        StringWriter out = new StringWriter();
        boolean ok = BatchCompiler.compile(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(out), null);
        assertTrue(ok, () -> "ECJ failed:\n" + out);
    }

    static List<String> cases() throws Exception {
        return CaseHarness.allCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ecjCompiled_runsCase(String name) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> fixture = loader.loadClass(CaseHarness.CASES_PACKAGE + "." + name);
        assertEquals(loader, fixture.getClassLoader(), name + " did not come from ECJ's output");
        CaseHarness.Driven run = CaseHarness.driveShared(fixture);
        CaseHarness.assertAsExpected(fixture, run, name + " (ECJ)");
        assertTrue(loader.rewritten().contains(fixture.getName()), name + " (ECJ) was not rewritten");
    }

    /** The test means something only while ECJ's classes are not javac's: most of them differ byte for byte. */
    @Test
    void ecjOutput_differsFromJavacs() throws Exception {
        Path javacs = Path.of("target/test-classes", CaseHarness.CASES_PACKAGE.replace('.', '/'));
        Path ecjs = classes.resolve(CaseHarness.CASES_PACKAGE.replace('.', '/'));
        int same = 0;
        int total = 0;
        try (Stream<Path> files = Files.list(ecjs)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                total++;
                Path javac = javacs.resolve(p.getFileName().toString());
                if (Files.exists(javac) && Arrays.equals(Files.readAllBytes(p), Files.readAllBytes(javac))) {
                    same++;
                }
            }
        }
        assertTrue(total >= CaseHarness.allCases().size(), "ECJ wrote " + total + " classes");
        assertEquals(0, same, same + " of " + total + " classes are javac's byte for byte");
    }
}
