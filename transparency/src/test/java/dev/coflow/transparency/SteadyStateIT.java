package dev.coflow.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workloads {@code transparency/steady} measures (README, "Libraries made suspendable=") run under the agent with
 * their library made suspendable: a short run of each, in a JVM of its own, must finish, print its result line, and
 * have had the library's classes rewritten. The script and {@link SteadyState#PACKAGES} name the same packages.
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
}
