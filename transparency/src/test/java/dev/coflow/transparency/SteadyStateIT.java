package dev.coflow.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workloads {@code transparency/steady} measures (README, "Libraries made suspendable=") run under the agent with
 * their library made suspendable: a short run of each, in a JVM of its own, must finish, print its result line, and
 * have had the library's classes rewritten. The script and {@link SteadyState#PACKAGES} name the same packages. Its
 * {@code BUILD_TIME=1} run ({@link BuildTimeCopy}) must give a rewritten library that runs without the agent.
 */
class SteadyStateIT {

    @ParameterizedTest
    @ValueSource(strings = {"jackson", "guava", "lang3", "collections4", "io"})
    void workload_runsWithItsLibraryRewritten(String workload) throws Exception {
        String packages = SteadyState.PACKAGES.get(workload);
        String script = Files.readString(Path.of("steady"), StandardCharsets.UTF_8);
        assertTrue(script.contains(workload + ") pkg='" + packages + "'"), "transparency/steady makes another package suspendable for " + workload);

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + System.getProperty("coflow.agentJar") + "=suspendable=" + packages,
                "-cp", Transparency.childClassPath(), SteadyState.class.getName(), workload, "2", "20", "0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), workload + ": still running");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("RESULT " + workload + " "), output);
        Matcher rewritten = Pattern.compile("\\[coflow\\] suspendable: (\\d+) classes, (\\d+) methods rewritten").matcher(output);
        assertTrue(rewritten.find(), "no summary of what the agent rewrote:\n" + output);
        assertTrue(Integer.parseInt(rewritten.group(2)) > 0, "nothing rewritten:\n" + output);
    }

    @Test
    void buildTimeCopy_isALibraryRewrittenAsTheMavenPluginWould_thatRunsWithoutTheAgent(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        Path rewritten = dir.resolve("rewritten");
        String copy = run(List.of(java(), "-cp", Transparency.childClassPath(), BuildTimeCopy.class.getName(),
                SteadyState.PACKAGES.get("lang3"), plain.toString(), rewritten.toString()));
        Matcher report = Pattern.compile("BUILD-TIME \\S+: (\\d+) classes, (\\d+) rewritten").matcher(copy);
        assertTrue(report.find(), copy);
        Set<String> changed = new HashSet<>();
        try (Stream<Path> files = Files.walk(plain)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path twin = rewritten.resolve(plain.relativize(f).toString());
                if (!Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(twin))) {
                    String name = plain.relativize(f).toString().replace(java.io.File.separatorChar, '.');
                    changed.add(name.substring(0, name.length() - ".class".length()));
                }
            }
        }
        assertEquals(Integer.parseInt(report.group(2)), changed.size(), "the report and the files disagree:\n" + copy);
        assertTrue(changed.size() > 0, copy);

        Path classLog = dir.resolve("classes.log");
        String steady = run(List.of(java(), "-Xlog:class+load=info:file=" + classLog, "-cp",
                rewritten + java.io.File.pathSeparator + Transparency.childClassPath(),
                SteadyState.class.getName(), "lang3", "2", "20", "0"));
        assertTrue(steady.contains("RESULT lang3 "), steady);
        assertTrue(!steady.contains("[coflow]"), "the agent ran:\n" + steady);
        Matcher loaded = Pattern.compile("\\] (\\S+) source: \\S*" + Pattern.quote(rewritten.getFileName().toString())).matcher(Files.readString(classLog));
        boolean ranRewritten = false;
        while (loaded.find()) {
            ranRewritten |= changed.contains(loaded.group(1));
        }
        assertTrue(ranRewritten, "no rewritten class of the copy was loaded:\n" + steady);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd + ": still running");
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
