package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every sample as a user would: through {@code samples/run} (and once through the plain
 * {@code java -javaagent:... -jar ...} command), on the small inputs in {@code src/test/resources},
 * and compares stdout with {@code <sample>.expected}, so the README's outputs cannot rot.
 */
class SamplesIT {
    private static final long TIMEOUT_SECONDS = 60;

    private static Path repo;
    private static Path agentJar;
    private static Path samplesJar;
    private static Path runScript;
    private static Path resources;

    @TempDir
    Path temp;

    @BeforeAll
    static void locateJarsAndInputs() throws URISyntaxException {
        String agent = System.getProperty("coflow.agentJar");
        String samples = System.getProperty("coflow.samplesJar");
        assertNotNull(agent, "system property coflow.agentJar (set by failsafe in samples/pom.xml)");
        assertNotNull(samples, "system property coflow.samplesJar (set by failsafe in samples/pom.xml)");
        agentJar = Path.of(agent).toAbsolutePath().normalize();
        samplesJar = Path.of(samples).toAbsolutePath().normalize();
        repo = samplesJar.getParent().getParent().getParent();
        runScript = repo.resolve("samples/run");
        URL input = SamplesIT.class.getResource("/grep-input.txt");
        assertNotNull(input, "grep-input.txt on the test classpath");
        resources = Path.of(input.toURI()).getParent();
        assertTrue(Files.isRegularFile(agentJar), "agent jar built: " + agentJar);
        assertTrue(Files.isRegularFile(samplesJar), "samples jar built: " + samplesJar);
        assertTrue(Files.isExecutable(runScript), "samples/run is executable: " + runScript);
    }

    // ---------------------------------------------------------------- the launcher's list and usage

    @Test
    void run_withoutName_listsEverySampleWithWhatItShows() {
        Result r = run(resources, null, runScript.toString());
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        assertSucceededWith("list.expected", r);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(1 + Main.SAMPLES.size(), lines.size(), r::describe);
        for (String name : List.of("generators", "grep", "pipeline")) {
            List<String> mentions = lines.stream().filter(l -> l.startsWith("  " + name + " ")).toList();
            assertEquals(1, mentions.size(), () -> "one line for " + name + " in\n" + r.stdout());
            String summary = mentions.get(0).substring(("  " + name).length()).trim();
            assertTrue(summary.length() > 20, () -> "the line for " + name + " says what it shows: " + mentions.get(0));
        }
    }

    @Test
    void run_unknownName_printsUsageToStderrAndExitsTwo() {
        Result r = run(resources, null, runScript.toString(), "nosuch");
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        assertTrue(r.stderr().startsWith("samples: unknown sample 'nosuch'\nusage: samples/run NAME [ARGS...]\n"), r::describe);
        assertTrue(r.stderr().contains("generators, grep, pipeline"), r::describe);
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "grep",
        "grep python grep-input.txt extra",
        "grep python no-such-file.txt",
        "pipeline",
        "pipeline pipeline-access.log",
        "pipeline pipeline-access.log --pattern",
        "pipeline pipeline-access.log --pattern python --follow",
        "pipeline no-such-file.log --pattern python --once",
        "generators extra",
    })
    void run_badArguments_printUsageToStderrAndExitTwo(String arguments) {
        List<String> words = Arrays.asList(arguments.split(" "));
        String sample = words.get(0);
        List<String> command = new ArrayList<>(List.of(runScript.toString()));
        command.addAll(words);
        Result r = run(resources, null, command.toArray(String[]::new));
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(2, lines.size(), r::describe);
        assertTrue(lines.get(0).startsWith(sample + ": "), r::describe);
        assertTrue(lines.get(1).startsWith("usage: samples/run " + sample), r::describe);
        assertNoStackTrace(r);
    }

    @Test
    void plainJava_withoutAgent_explainsHowToAttachIt() {
        Result r = run(resources, null, java(), "-jar", samplesJar.toString(), "generators");
        assertEquals(1, r.exit(), r::describe);
        assertTrue(r.stderr().startsWith("generators: "), r::describe);
        assertTrue(r.stderr().contains("the coflow agent is not attached"), r::describe);
        assertTrue(r.stderr().contains("-javaagent:"), r::describe);
        assertNoStackTrace(r);
    }

    // ---------------------------------------------------------------- the samples

    @Test
    void grep_file_printsMatchingLinesBetweenGreetingAndGoodbye() {
        Result r = run(resources, null, runScript.toString(), "grep", "python", "grep-input.txt");
        assertSucceededWith("grep.expected", r);
    }

    @Test
    void grep_stdin_printsTheSameAsFromTheFile() throws IOException {
        String input = Files.readString(resources.resolve("grep-input.txt"), StandardCharsets.UTF_8);
        Result r = run(resources, input, runScript.toString(), "grep", "python");
        assertSucceededWith("grep.expected", r);
    }

    @Test
    void generators_printsEveryKindOfGenerator() {
        Result r = run(resources, null, runScript.toString(), "generators");
        assertSucceededWith("generators.expected", r);
    }

    @Test
    void plainJava_withAgent_runsTheSampleAsTheLauncherDoes() {
        Result r = run(temp, null, java(), "-Xverify:all", "-javaagent:" + agentJar + "=verify=true",
                "-jar", samplesJar.toString(), "generators");
        assertSucceededWith("generators.expected", r);
    }

    @Test
    void pipeline_once_printsMatchingLinesAndStopsAtTheEnd() {
        Result r = run(resources, null, runScript.toString(), "pipeline", "pipeline-access.log", "--pattern", "python", "--once");
        assertSucceededWith("pipeline.expected", r);
    }

    @Test
    void pipeline_withoutOnce_followsLinesAppendedLater() throws Exception {
        Path log = temp.resolve("growing.log");
        Files.writeString(log, "GET /python/first\nGET /ply/first\n");
        Path stdout = temp.resolve("follow.out");
        Path stderr = temp.resolve("follow.err");
        Process process = start(temp, null, stdout, stderr,
                runScript.toString(), "pipeline", "growing.log", "--pattern", "python");
        try {
            awaitStdout(process, stdout, "GET /python/first\n");
            append(log, "GET /swig/second\nGET /python/second\n");
            awaitStdout(process, stdout, "GET /python/first\nGET /python/second\n");
            // A line written in two pieces is passed on whole, once its newline arrives.
            append(log, "GET /pyt");
            Thread.sleep(500); // several of the source's 100 ms polls
            append(log, "hon/third\n");
            awaitStdout(process, stdout, "GET /python/first\nGET /python/second\nGET /python/third\n");
            assertTrue(process.isAlive(), "still following the file");
        } finally {
            process.destroy();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals("", Files.readString(stderr));
    }

    // ---------------------------------------------------------------- the launcher script itself

    @Test
    void run_withJavaHome_runsThatJavaWithTheAgentAndSamplesJar() throws IOException {
        Path fakeJdk = temp.resolve("fake-jdk");
        writeScript(fakeJdk.resolve("bin/java"), "printf 'fake-java'; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; echo");
        Result r = run(Map.of("JAVA_HOME", fakeJdk.toString()), temp, null, runScript.toString(), "grep", "two words");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("fake-java [-Dcoflow.samples.launcher=samples/run] [-javaagent:" + agentJar + "] [-jar] ["
                + samplesJar + "] [grep] [two words]\n", r.stdout(), r::describe);
    }

    @Test
    void run_missingOrStaleJars_buildsFirstWithBuildOutputOnStderr() throws IOException {
        // A copy of the launcher in a repository of its own, with fake mvn and java: the real build is not touched.
        Path fakeRepo = temp.resolve("clone");
        Path script = fakeRepo.resolve("samples/run");
        Files.createDirectories(script.getParent());
        Files.copy(runScript, script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = fakeRepo.resolve("samples/src/main/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Example {}\n");
        Path log = temp.resolve("mvn.log");
        Path tools = temp.resolve("tools");
        writeScript(tools.resolve("mvn"), "echo \"mvn $* in $PWD\" >> '" + log + "'\n"
                + "echo 'fake build output'\n"
                + "mkdir -p instrument-agent/target samples/target\n"
                + "touch instrument-agent/target/instrument-agent.jar samples/target/samples.jar");
        Path fakeJdk = temp.resolve("fake-jdk");
        writeScript(fakeJdk.resolve("bin/java"), "echo sample-output");
        Map<String, String> env = Map.of("JAVA_HOME", fakeJdk.toString(), "PATH", tools + ":" + System.getenv("PATH"));

        Result fresh = run(env, temp, null, script.toString(), "generators");
        assertEquals(0, fresh.exit(), fresh::describe);
        assertEquals("sample-output\n", fresh.stdout(), fresh::describe);
        assertTrue(fresh.stderr().contains("fake build output"), fresh::describe);
        assertEquals(List.of("mvn -B -Dmaven.test.skip=true -Dcoflow.skipApiJars package -pl samples -am in "
                + fakeRepo.toRealPath()), Files.readAllLines(log));

        Result upToDate = run(env, temp, null, script.toString(), "generators");
        assertEquals("sample-output\n", upToDate.stdout(), upToDate::describe);
        assertEquals("", upToDate.stderr(), upToDate::describe);
        assertEquals(1, Files.readAllLines(log).size(), "no second build while the jars are newer than the sources");

        Instant built = Files.getLastModifiedTime(fakeRepo.resolve("samples/target/samples.jar")).toInstant();
        Files.setLastModifiedTime(source, FileTime.from(built.plusSeconds(60)));
        Result stale = run(env, temp, null, script.toString(), "generators");
        assertEquals("sample-output\n", stale.stdout(), stale::describe);
        assertEquals(2, Files.readAllLines(log).size(), "a source newer than the jars triggers a build");
    }

    // ---------------------------------------------------------------- helpers

    /** What a finished process printed and how it exited. */
    record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void assertSucceededWith(String expectedResource, Result r) {
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        String expected;
        try {
            expected = Files.readString(resources.resolve(expectedResource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(expected, r.stdout());
    }

    private static void assertNoStackTrace(Result r) {
        assertFalse(r.stderr().contains("Exception"), r::describe);
        assertFalse(r.stderr().contains("\tat "), r::describe);
    }

    private Result run(Path directory, String stdin, String... command) {
        return run(Map.of(), directory, stdin, command);
    }

    /** Runs {@code command} in {@code directory}, with the test JVM's JDK as JAVA_HOME unless {@code env} says otherwise. */
    private Result run(Map<String, String> env, Path directory, String stdin, String... command) {
        try {
            Path stdout = Files.createTempFile(temp, "stdout", ".txt");
            Path stderr = Files.createTempFile(temp, "stderr", ".txt");
            Process process = start(env, directory, stdin, stdout, stderr, command);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
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

    private Process start(Path directory, String stdin, Path stdout, Path stderr, String... command) throws IOException {
        return start(Map.of(), directory, stdin, stdout, stderr, command);
    }

    private Process start(Map<String, String> env, Path directory, String stdin, Path stdout, Path stderr, String... command)
            throws IOException {
        Path input = Files.createTempFile(temp, "stdin", ".txt");
        if (stdin != null) {
            Files.writeString(input, stdin, StandardCharsets.UTF_8);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(input.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until the file {@code stdout} holds exactly {@code expected}; fails as soon as it holds anything else. */
    private static void awaitStdout(Process process, Path stdout, String expected) throws Exception {
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
        fail("pipeline did not print the expected lines (alive: " + process.isAlive() + "); stdout so far:\n" + out);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void writeScript(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
