package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.it.programs.Countdown;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.DirectoryRewriter;
import dev.coflow.rewriter.SuspendableClasses;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class rewritten at build time (by DirectoryRewriter, the Maven plugin's code) runs with no agent, and
 * the real agent leaves it alone: never rewritten twice.
 */
class BuildTimeUnderAgentIT {
    @TempDir
    Path temp;

    /** Countdown's class files, copied and rewritten in place as the plugin would. */
    private Path built() throws Exception {
        return built(Countdown.class);
    }

    /** The class files of {@code program} and its nested classes, copied and rewritten in place as the plugin would. */
    private Path built(Class<?> program) throws Exception {
        Path classes = Path.of(program.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path built = temp.resolve("built");
        Path pkg = built.resolve("dev/coflow/it/programs");
        Files.createDirectories(pkg);
        try (var files = Files.list(classes.resolve("dev/coflow/it/programs"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith(program.getSimpleName()))::iterator) {
                Files.copy(f, pkg.resolve(f.getFileName()));
            }
        }
        List<Path> rest = new ArrayList<>();
        rest.add(AgentJarIT.coreLocation());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            rest.add(Path.of(entry)); // the program's libraries (Mockito)
        }
        try (DirectoryRewriter.ClassPath libraries = DirectoryRewriter.classPath(rest)) {
            DirectoryRewriter.Report report = DirectoryRewriter.rewrite(built, libraries, SuspendableClasses.NONE, List.of(), new ClassRewriter.Options(true), true);
            assertEquals(List.of(), report.errors());
            assertTrue(report.rewritten().contains("dev/coflow/it/programs/" + program.getSimpleName()), report.rewritten().toString());
        }
        return built;
    }

    private List<String> run(Path built, String agent) throws Exception {
        return run(built, agent, Countdown.class, AgentJarIT.coreLocation().toString());
    }

    private List<String> run(Path built, String agent, Class<?> program, String classPath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xverify:all");
        command.add("-XX:+EnableDynamicAgentLoading"); // Mockito attaches its own agent (JDK 21 and later warn without it)
        if (agent != null) {
            command.add("-javaagent:" + AgentJarIT.agentJar() + "=" + agent);
        }
        command.add("-cp");
        command.add(built + File.pathSeparator + classPath);
        command.add(program.getName());
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return List.of(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), "" + p.exitValue());
    }

    @Test
    void buildTimeRewrittenClass_runsWithNoAgent() throws Exception {
        List<String> result = run(built(), null);
        assertEquals("0", result.get(2), result.get(1));
        assertEquals("countdown 3\ncountdown 2\ncountdown 1\n", result.get(0).replace("\r", ""));
    }

    /**
     * Classes rewritten at build time and mocked with Mockito's inline mock maker, under the agent: it leaves them as they
     * are and watches them, so the stubs answer inside coroutines as in plain Java, calls on {@code this}, final and
     * static ones included (the output {@code AgentProcessIT} expects of the classes rewritten at load). Without the
     * agent nothing watches them: README, "Build-time rewriting".
     */
    @Test
    void buildTimeRewrittenClasses_mockedByMockito_underTheAgent_answerWithTheStubs() throws Exception {
        List<String> result = run(built(dev.coflow.it.programs.MockedService.class), "trace=true,verify=true",
                dev.coflow.it.programs.MockedService.class, System.getProperty("java.class.path"));
        assertEquals("0", result.get(2), result.get(1));
        assertTrue(result.get(1).contains("left dev.coflow.it.programs.MockedService$Service as it was (rewritten at build time"), result.get(1));
        assertEquals(AgentProcessIT.MOCKED_SERVICE_OUTPUT, AgentProcessIT.mockedServiceNormalised(result.get(0)));
    }

    /**
     * The same without the agent: nothing watches Mockito retransform the classes, so with Mockito on the class path the
     * runtime turns entries off from the start ({@code Bootstrap.unwatchedMockito}) and the mock's stubs answer calls
     * from another class inside a coroutine (they ran the real bodies before: {@code mock: [stubbed a, null]}). A class's
     * calls of its own final and static methods and on {@code this} stay direct without the agent, so the spy's and the
     * static stubs are skipped there: README, "Build-time rewriting", says to attach the agent to such tests, and this
     * test checks only the lines that do not depend on it.
     */
    @Test
    void buildTimeRewrittenClasses_mockedByMockito_withoutTheAgent_answerCallsFromOtherClassesWithTheStubs() throws Exception {
        List<String> result = run(built(dev.coflow.it.programs.MockedService.class), null,
                dev.coflow.it.programs.MockedService.class, System.getProperty("java.class.path"));
        assertEquals("0", result.get(2), result.get(1));
        List<String> lines = result.get(0).replace("\r", "").lines().toList();
        assertEquals(AgentProcessIT.MOCKED_SERVICE_OUTPUT.lines().limit(3).toList(), lines.subList(0, 3), result.get(0));
    }

    @Test
    void buildTimeRewrittenClass_isLeftAloneByTheAgent() throws Exception {
        List<String> result = run(built(), "trace=true,verify=true");
        assertEquals("0", result.get(2), result.get(1));
        assertEquals("countdown 3\ncountdown 2\ncountdown 1\n", result.get(0).replace("\r", ""));
        assertTrue(result.get(1).contains("left dev.coflow.it.programs.Countdown as it was (rewritten at build time by coflow "
                + ClassRewriter.VERSION + ")"), result.get(1));
        assertTrue(!result.get(1).contains("rewrote dev.coflow.it.programs.Countdown"), result.get(1));
    }
}
