package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sample through {@code samples/run} (or any command) as a user would, for the ITs of single
 * samples ({@link BroadcastSampleIT}, {@link VersusObjectsSampleIT}, {@link BusesSampleIT},
 * {@link SampleModesIT}); {@link SamplesIT} has its own copy.
 */
final class SampleRun {
    static final long TIMEOUT_SECONDS = 60;

    /** What a finished process printed and how it exited. */
    record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private SampleRun() {
    }

    /** The directory of the test inputs and {@code .expected} files. */
    static Path resources() {
        URL input = SampleRun.class.getResource("/grep-input.txt");
        assertNotNull(input, "grep-input.txt on the test classpath");
        try {
            return Path.of(input.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code samples/run} of the repository whose samples jar failsafe names. */
    static Path runScript() {
        String samples = System.getProperty("coflow.samplesJar");
        assertNotNull(samples, "system property coflow.samplesJar (set by failsafe in samples/pom.xml)");
        Path script = Path.of(samples).toAbsolutePath().normalize().getParent().getParent().getParent().resolve("samples/run");
        assertTrue(Files.isExecutable(script), "samples/run is executable: " + script);
        return script;
    }

    /** Starts {@code samples/run ARGS...} in {@code directory}, stdin empty, with the test JVM's JDK as JAVA_HOME. */
    static Process start(Path directory, Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(runScript().toString()));
        command.addAll(List.of(args));
        return start(directory, stdout, stderr, command);
    }

    private static Process start(Path directory, Path stdout, Path stderr, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /**
     * Runs the sample {@code ARGS...} with {@code java -Xverify:all -javaagent:AGENT=verify=true -jar SAMPLES_JAR}
     * in {@code directory}: every rewritten class goes through the agent's verifier and the JVM's.
     */
    static Result runVerified(Path temp, Path directory, String... args) {
        String agent = System.getProperty("coflow.agentJar");
        assertNotNull(agent, "system property coflow.agentJar (set by failsafe in samples/pom.xml)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xverify:all", "-javaagent:" + Path.of(agent).toAbsolutePath().normalize() + "=verify=true",
                "-jar", Path.of(System.getProperty("coflow.samplesJar")).toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        return finish(temp, directory, command);
    }

    /** Runs {@code samples/run ARGS...} in {@code directory} to its end; {@code temp} holds its stdout and stderr. */
    static Result run(Path temp, Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of(runScript().toString()));
        command.addAll(List.of(args));
        return finish(temp, directory, command);
    }

    private static Result finish(Path temp, Path directory, List<String> command) {
        return exec(temp, directory, TIMEOUT_SECONDS, command.toArray(String[]::new));
    }

    /**
     * Runs {@code command} in {@code directory} to its end, stdin empty, with the test JVM's JDK as
     * JAVA_HOME, failing after {@code timeoutSeconds}; {@code temp} holds its stdout and stderr.
     */
    static Result exec(Path temp, Path directory, long timeoutSeconds, String... command) {
        try {
            Path stdout = Files.createTempFile(temp, "stdout", ".txt");
            Path stderr = Files.createTempFile(temp, "stderr", ".txt");
            Process process = start(directory, stdout, stderr, List.of(command));
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Exit 0, nothing on stderr, and stdout exactly the resource {@code expectedResource}. */
    static void assertSucceededWith(String expectedResource, Result r) {
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        String expected;
        try {
            expected = Files.readString(resources().resolve(expectedResource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(expected, r.stdout());
    }

    /** Exit 2, nothing on stdout, and two lines on stderr: {@code SAMPLE: reason} and the usage. */
    static void assertUsageError(String sample, Result r) {
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(2, lines.size(), r::describe);
        assertTrue(lines.get(0).startsWith(sample + ": "), r::describe);
        assertTrue(lines.get(1).startsWith("usage: samples/run " + sample + " "), r::describe);
        assertFalse(r.stderr().contains("Exception"), r::describe);
        assertFalse(r.stderr().contains("\tat "), r::describe);
    }

    /** Waits until the file {@code stdout} holds exactly {@code expected}; fails as soon as it holds anything else. */
    static void awaitStdout(Process process, Path stdout, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        String out = "";
        while (System.nanoTime() < deadline && process.isAlive()) {
            out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (out.equals(expected)) {
                return;
            }
            assertTrue(expected.startsWith(out), "printed more than, or other than, expected:\n" + out);
            Thread.sleep(50);
        }
        fail("the sample did not print the expected lines (alive: " + process.isAlive() + "); stdout so far:\n" + out);
    }
}
