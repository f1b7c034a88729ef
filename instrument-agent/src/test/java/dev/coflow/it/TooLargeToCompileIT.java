package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.it.programs.RecordReader;
import dev.coflow.rewriter.report.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOO_LARGE_TO_COMPILE under the real agent: the warning is printed once, names the program's method and line, and
 * what it says is what HotSpot does: without {@code -XX:-DontCompileHugeMethods} the JIT never even tries the resume body
 * the warning names (no {@code -XX:+PrintCompilation} line for it), with it the JIT tries. The program's output is the
 * same either way.
 */
class TooLargeToCompileIT {
    private static final int RECORDS = 4000;
    /** A {@code -XX:+PrintCompilation} line of the method's resume adapter or of its resume point's {@code resume}. */
    private static final Pattern RESUME_PARTS = Pattern.compile("RecordReader(::coflow\\$resume\\$0|\\$coflow\\$Point\\S*::resume) \\(");

    @TempDir
    Path temp;

    record Outcome(int exitCode, String stdout, String stderr) {
    }

    @Test
    void warningIsPrintedAndTrue_theBodyIsNeverCompiledUnlessTheFlagAllowsIt() throws Exception {
        Outcome plain = run();
        assertEquals(0, plain.exitCode(), plain.stderr());
        String expected = "last record: " + IntStream.rangeClosed(1, 36).mapToObj(i -> String.format("f%02d=%d", i, RECORDS - 1))
                .collect(Collectors.joining(","));
        assertEquals(List.of(expected), programLines(plain.stdout()), () -> tail(plain));

        List<String> warning = plain.stderr().lines().collect(Collectors.toList());
        assertEquals(4, warning.size(), plain.stderr());
        // the program's source, found from the test classes' directory (the ITs' working directory differs)
        Path module = Path.of(TooLargeToCompileIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().getParent();
        List<String> source = Files.readAllLines(module.resolve("src/test/java/" + RecordReader.class.getName().replace('.', '/') + ".java"));
        int line = IntStream.range(0, source.size()).filter(i -> source.get(i).contains("String f01 = ")).findFirst().orElseThrow() + 1;
        assertEquals("[coflow] WARNING " + RecordReader.class.getName() + "#read ()Ljava/lang/Object; (RecordReader.java:" + line
                + ") runs interpreted:", warning.get(0));
        assertEquals("  " + Problem.TOO_LARGE_TO_COMPILE.message(), warning.get(1));
        Matcher detail = Pattern.compile("  its resume body \\(what runs after each resume\\) is (\\d+) bytes; the method as written is (\\d+) bytes\\.")
                .matcher(warning.get(2));
        assertTrue(detail.matches(), warning.get(2));
        int resumeBody = Integer.parseInt(detail.group(1));
        assertTrue(resumeBody > 8000 && Integer.parseInt(detail.group(2)) <= 8000, warning.get(2));
        assertEquals("  Fix: " + Problem.TOO_LARGE_TO_COMPILE.fix(), warning.get(3));

        // -XX:+PrintCompilation lists a method with its size in bytes of bytecode: the resume body is the one that size
        String resumeBodyLine = "RecordReader::read (" + resumeBody + " bytes)";
        assertFalse(plain.stdout().contains(resumeBodyLine), "compiled without the flag: " + compilations(plain.stdout()));
        // while it compiled the method's small parts, run as often as the resume body: its resume adapter, or the resume
        // point's class that calls it (C1 may inline the adapter there and never compile it on its own: seen on JDK 25)
        assertTrue(RESUME_PARTS.matcher(plain.stdout()).find(), () -> compilations(plain.stdout()));

        Outcome allowed = run("-XX:-DontCompileHugeMethods");
        assertEquals(0, allowed.exitCode(), allowed.stderr());
        assertEquals(List.of(expected), programLines(allowed.stdout()), () -> tail(allowed));
        assertEquals(plain.stderr(), allowed.stderr());
        assertTrue(allowed.stdout().contains(resumeBodyLine), "not even tried with the flag: " + compilations(allowed.stdout()));
    }

    private static String tail(Outcome o) {
        return o.stdout().substring(Math.max(0, o.stdout().length() - 2000)) + "\n--- stderr:\n" + o.stderr();
    }

    /**
     * The program's result line. {@code -XX:+PrintCompilation} writes to the same stdout from the compiler threads, a line
     * in more than one write, so the program's line (one write) may follow part of a compilation line on the same line.
     */
    private static List<String> programLines(String stdout) {
        return stdout.lines().filter(l -> l.contains("last record: ")).map(l -> l.substring(l.indexOf("last record: ")))
                .collect(Collectors.toList());
    }

    private static String compilations(String stdout) {
        return stdout.lines().filter(l -> l.contains("RecordReader")).collect(Collectors.joining("\n"));
    }

    private Outcome run(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xverify:all");
        command.add("-XX:+PrintCompilation");
        command.addAll(List.of(jvmOptions));
        command.add("-javaagent:" + AgentJarIT.agentJar());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RecordReader.class.getName());
        command.add(String.valueOf(RECORDS));
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 120 s: " + command);
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
