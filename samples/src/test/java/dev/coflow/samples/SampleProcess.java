package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a sample in its own process, as a user would, for the scheduler and echo-server tests. */
final class SampleProcess {
    /** What a finished process printed and how it exited. */
    record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    final Path agentJar;
    final Path samplesJar;
    final Path runScript;
    final Path resources;

    SampleProcess() {
        String agent = System.getProperty("coflow.agentJar");
        String samples = System.getProperty("coflow.samplesJar");
        assertNotNull(agent, "system property coflow.agentJar (set by failsafe in samples/pom.xml)");
        assertNotNull(samples, "system property coflow.samplesJar (set by failsafe in samples/pom.xml)");
        agentJar = Path.of(agent).toAbsolutePath().normalize();
        samplesJar = Path.of(samples).toAbsolutePath().normalize();
        runScript = samplesJar.getParent().getParent().getParent().resolve("samples/run");
        URL input = SampleProcess.class.getResource("/list.expected");
        assertNotNull(input, "list.expected on the test classpath");
        try {
            resources = Path.of(input.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(Files.isExecutable(runScript), "samples/run is executable: " + runScript);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String expected(String name) {
        try {
            return Files.readString(resources.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} in {@code directory} with the test JVM's JDK as JAVA_HOME; fails after {@code timeoutSeconds}. */
    Result run(Path directory, long timeoutSeconds, String... command) {
        try {
            Path stdout = Files.createTempFile(directory, "stdout", ".txt");
            Path stderr = Files.createTempFile(directory, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                        + "\n--- stdout so far:\n" + Files.readString(stdout));
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
}
