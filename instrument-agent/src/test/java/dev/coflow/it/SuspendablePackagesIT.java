package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.it.programs.SuspendableProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real agent jar with suspendable=: a yield through an un-annotated library, refusals reported once. */
class SuspendablePackagesIT {
    private static final String LIB = "dev.coflow.it.programs.suspendablelib";

    @TempDir
    Path temp;

    private List<String> run(String options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xverify:all");
        command.add("-javaagent:" + AgentJarIT.agentJar() + "=" + options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SuspendableProgram.class.getName());
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return List.of(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), "" + p.exitValue());
    }

    @Test
    void suspendable_yieldPassesThroughTheLibrary_andTheLockedMethodIsReportedOnceAndCaughtAtRunTime() throws Exception {
        List<String> r = run("suspendable=" + LIB + ".**,verify=true,trace=true");

        assertEquals("0", r.get(2), r.get(1));
        // the locked walk goes on after the first yield and reaches the second one: caught before any value is handed out
        assertEquals("through the library: ABC, walked 3\nlocked: NotRewrittenException\n", r.get(0), r.get(1));
        List<String> left = r.get(1).lines().filter(l -> l.startsWith("[coflow] suspendable: left ")).toList();
        assertEquals(1, left.size(), r.get(1));
        assertTrue(left.get(0).contains(LIB + ".Walker#walkLocked") && left.get(0).contains("SYNCHRONIZED_METHOD"), left.get(0));
        assertTrue(left.get(0).matches(".*\\(Walker\\.java:\\d+\\).*"), left.get(0));
        assertTrue(r.get(1).contains("[coflow] suspendable: 2 classes, 1 methods rewritten, 1 left as they were (SYNCHRONIZED_METHOD 1)\n"),
                r.get(1));
        assertTrue(!r.get(1).contains("ERROR"), r.get(1));
    }

    @Test
    void suspendable_withoutTrace_printsOnlyTheSummary() throws Exception {
        List<String> r = run("suspendable=" + LIB + ".Walker,verify=true");

        assertEquals("0", r.get(2), r.get(1));
        assertEquals("[coflow] suspendable: 2 classes, 1 methods rewritten, 1 left as they were (SYNCHRONIZED_METHOD 1);"
                + " trace=true lists them\n", r.get(1));
    }

    @Test
    void suspendable_badPattern_stopsStartup() throws Exception {
        List<String> r = run("suspendable=" + LIB + ".*.Walker");

        assertNotEquals("0", r.get(2));
        assertTrue(r.get(1).contains("suspendable pattern '" + LIB + ".*.Walker'"), r.get(1));
    }
}
