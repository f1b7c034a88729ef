package dev.coflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite still runs: every JMH benchmark of the shaded jar runs one short iteration
 * with the agent (the JDK 21+ ones run on 21+ and are skipped, by the scripts' own rule, before),
 * the memory and start-up mains run tiny, and the report turns all of it into a table and a chart.
 */
class BenchmarksIT {
    private static final int JDK = Runtime.version().feature();
    private static final List<String> JDK21_ONLY = List.of("LoomBenchmark.", "HandoffBenchmark.virtualThread");

    @TempDir
    static Path results;

    private static Path root;
    private static String agent;
    private static String jar;
    private static List<String> testJvm;
    private static List<String> jdkOpts;
    private static List<String> jmhSkips;

    @BeforeAll
    static void paths() throws IOException {
        agent = "-javaagent:" + Path.of(property("coflow.agentJar")).toAbsolutePath().normalize();
        Path jarPath = Path.of(property("coflow.benchmarksJar")).toAbsolutePath().normalize();
        jar = jarPath.toString();
        root = jarPath.getParent().getParent().getParent();
        testJvm = words(property("coflow.testJvm"));
        // The scripts' rule for this JDK, from benchmarks/jdk-opts itself.
        Result rule = exec(60, "bash", "-c", ". benchmarks/jdk-opts; printf '%s\\n' \"$jdk_opts\"; printf '%s ' ${jmh_skips[@]+\"${jmh_skips[@]}\"}; echo");
        assertEquals(0, rule.exit, rule.describe());
        String[] lines = rule.stdout.split("\n", -1);
        jdkOpts = words(lines[0]);
        jmhSkips = words(lines[1]);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertNotNull(value, "system property " + name + " (set by failsafe in benchmarks/pom.xml)");
        return value;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** java + the test JVM options (verifier on for every class) + the scripts' JDK options + the agent. */
    private static List<String> javaWithAgent() {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(testJvm);
        command.addAll(jdkOpts);
        command.add(agent);
        return command;
    }

    @Test
    void jdkRule_skipsExactlyTheJdk21Benchmarks() {
        if (JDK >= 21) {
            assertEquals(List.of(), jmhSkips);
            assertEquals(List.of("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"), jdkOpts);
        } else {
            assertEquals(List.of("-e", "LoomBenchmark", "-e", "HandoffBenchmark.virtualThread"), jmhSkips);
            assertEquals(List.of(), jdkOpts);
            // And run anyway, they say why instead of failing strangely.
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Loom::requireContinuations);
            assertTrue(e.getMessage().contains("JDK 21+"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, Loom::requireVirtualThreads);
        }
    }

    @Test
    void everyBenchmark_runsOneIteration_andTheReportShowsIt() throws Exception {
        // The benchmarks the jar holds.
        Result list = exec(120, java(), "-jar", jar, "-l");
        assertEquals(0, list.exit, list.describe());
        List<String> listed = list.stdout.lines().map(String::strip)
                .filter(l -> l.startsWith("dev.coflow.benchmarks.")).map(l -> l.substring("dev.coflow.benchmarks.".length()))
                .collect(Collectors.toList());
        for (String expected : List.of("SwitchBenchmark.handwritten", "SwitchBenchmark.depth1", "SwitchBenchmark.depth10",
                "SwitchBenchmark.depth50", "SwitchBenchmark.rebuiltDepth1", "SwitchBenchmark.rebuiltDepth10",
                "SwitchBenchmark.delegationDepth1", "SwitchBenchmark.delegationDepth10", "SwitchBenchmark.delegationDepth50",
                "LoomBenchmark.loomDepth50", "LoomBenchmark.loomRebuiltDepth10", "HandoffBenchmark.platformThread",
                "HandoffBenchmark.virtualThread", "NoSuspendBenchmark.annotatedInside", "NoSuspendBenchmark.plainOutside",
                "LibraryBenchmark.plainOutside", "LibraryBenchmark.suspendableOutside", "LibraryBenchmark.suspendableInside",
                "PeerBenchmark.kotlinDepth1", "PeerBenchmark.kotlinDepth50", "PeerBenchmark.kotlinRebuiltDepth10",
                "GeneratorBenchmark.handwritten", "GeneratorBenchmark.coflow", "GeneratorBenchmark.kotlinIterator",
                "GeneratorBenchmark.kotlinSequence", "LifecycleBenchmark.handwritten", "LifecycleBenchmark.coflow",
                "LifecycleBenchmark.coflowClosed", "LifecycleBenchmark.coflowSend", "LifecycleBenchmark.kotlinIterator")) {
            assertTrue(listed.contains(expected), expected + " is not among " + listed);
        }

        // One short iteration of each, in one JVM with the agent and the verifier on.
        Path jmhJson = results.resolve("jmh.json");
        List<String> command = javaWithAgent();
        // A smoke test, not a measurement: it may run beside another JMH run (which holds JMH's lock).
        command.add("-Djmh.ignoreLock=true");
        command.addAll(List.of("-jar", jar, "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true",
                "-prof", "gc", "-rf", "json", "-rff", jmhJson.toString()));
        command.addAll(jmhSkips);
        Result jmh = exec(180, command.toArray(String[]::new));
        assertEquals(0, jmh.exit, jmh.describe());
        Map<String, Object> ran = new HashMap<>();
        for (Object r : (List<?>) Json.parse(Files.readString(jmhJson, StandardCharsets.UTF_8))) {
            String name = String.valueOf(Json.get(r, "benchmark")).substring("dev.coflow.benchmarks.".length());
            ran.put(name, r);
        }
        for (String name : listed) {
            boolean jdk21 = JDK21_ONLY.stream().anyMatch(name::startsWith);
            if (jdk21 && JDK < 21) {
                assertFalse(ran.containsKey(name), name + " ran on JDK " + JDK);
                continue;
            }
            Object r = ran.get(name);
            assertNotNull(r, name + " produced no result:\n" + jmh.describe());
            double score = Json.number(Json.get(r, "primaryMetric", "score"));
            assertTrue(score > 0 && Double.isFinite(score), name + " scored " + score);
            assertEquals("ns/op", Json.get(r, "primaryMetric", "scoreUnit"), name);
            double alloc = Json.number(Json.get(r, "secondaryMetrics", "gc.alloc.rate.norm", "score"));
            assertTrue(alloc >= 0, name + ": no gc.alloc.rate.norm from -prof gc");
        }

        // Memory per suspended coroutine, tiny.
        List<String> systems = JDK >= 21 ? List.of("coflow", "loom", "vthread") : List.of("coflow");
        for (String system : systems) {
            Path json = results.resolve("memory-" + system + ".json");
            List<String> memory = javaWithAgent();
            memory.addAll(List.of("-Xmx512m", "-cp", jar, "dev.coflow.benchmarks.MemoryFootprint", "--system", system,
                    "--count", "20000", "--depths", "1,10", "--json", json.toString()));
            Result run = exec(120, memory.toArray(String[]::new));
            assertEquals(0, run.exit, run.describe());
            List<?> records = (List<?>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
            assertEquals(2, records.size(), run.describe());
            double depth1 = Json.number(Json.get(records.get(0), "bytesPerCoroutine"));
            double depth10 = Json.number(Json.get(records.get(1), "bytesPerCoroutine"));
            assertTrue(depth1 > 16, system + " depth 1: " + depth1 + " bytes each");
            assertTrue(depth10 > 16, system + " depth 10: " + depth10 + " bytes each");
            if (system.equals("coflow")) {
                // coflow's frames are heap objects, one more per frame. (Loom's saved stacks are not
                // ordered so: a frame frozen while still interpreted is larger than a compiled one.)
                assertTrue(depth10 > depth1, system + ": depth 10 (" + depth10 + " B) not above depth 1 (" + depth1 + " B)");
            }
        }

        // The peers' memory per suspended coroutine, tiny: Kilim, offbynull and Kotlin at depth 1 and 10.
        Path peersJson = results.resolve("memory-peers.json");
        List<String> peerMemory = new ArrayList<>(List.of(java()));
        peerMemory.addAll(testJvm);
        peerMemory.addAll(List.of("-Xmx512m", "-cp", jar, "dev.coflow.benchmarks.PeerMemory", "--n", "20000", "--json", peersJson.toString()));
        Result peers = exec(120, peerMemory.toArray(String[]::new));
        assertEquals(0, peers.exit, peers.describe());
        List<?> peerRecords = (List<?>) Json.parse(Files.readString(peersJson, StandardCharsets.UTF_8));
        List<String> peerSystems = peerRecords.stream().map(r -> Json.get(r, "system") + "/" + (int) Json.number(Json.get(r, "depth")))
                .collect(Collectors.toList());
        assertEquals(List.of("kilim/1", "offbynull/1", "kotlin/1", "kilim/10", "offbynull/10", "kotlin/10"), peerSystems, peers.describe());
        for (Object r : peerRecords) {
            assertTrue(Json.number(Json.get(r, "bytesPerCoroutine")) > 16, peers.describe());
        }

        // CPython's reference line, when python3 is here (as run-all does it).
        boolean python = exec(30, "bash", "-c", "command -v python3").exit == 0;
        if (python) {
            Result cpython = exec(120, "python3", "benchmarks-peers/python/grep_send.py", "--quick", "--json",
                    results.resolve("cpython.json").toString());
            assertEquals(0, cpython.exit, cpython.describe());
        }

        // Agent start-up cost, one run each way.
        Path startupJars = Path.of(property("coflow.startupJars"));
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(startupJars)) {
            files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted((a, b) -> a.contains("guava") ? -1 : 1).forEach(jars::add);
        }
        assertTrue(jars.size() == 2 && jars.get(0).contains("guava"), "Guava and failureaccess in " + startupJars + ": " + jars);
        Path startupJson = results.resolve("startup.json");
        List<String> startup = javaWithAgent();
        startup.addAll(List.of("-cp", jar, "dev.coflow.benchmarks.StartupCost", "--runs", "1", "--java-opts",
                String.join(" ", testJvm), "--json", startupJson.toString()));
        startup.addAll(jars);
        Result cost = exec(180, startup.toArray(String[]::new));
        assertEquals(0, cost.exit, cost.describe());
        Object s = Json.parse(Files.readString(startupJson, StandardCharsets.UTF_8));
        assertTrue(Json.number(Json.get(s, "classes")) > 1000, cost.describe());
        assertTrue(Json.number(Json.get(s, "medianWithMs")) > 0 && Json.number(Json.get(s, "medianWithoutMs")) > 0, cost.describe());
        assertTrue(Json.number(Json.get(s, "medianWithCpuMs")) > 0 && Json.number(Json.get(s, "medianWithoutCpuMs")) > 0, cost.describe());
        assertTrue(Double.isFinite(Json.number(Json.get(s, "overheadPercent"))), cost.describe());

        // The report: a row for each benchmark that ran, the memory and start-up lines, the chart.
        Files.writeString(results.resolve("env.json"),
                "{\"date\": \"2000-01-01\", \"cpu\": \"test cpu\", \"cores\": 2, \"mode\": \"test\", \"java\": \"test\"}\n");
        Path md = results.resolve("report.md");
        Path png = results.resolve("report.png");
        System.setProperty("java.awt.headless", "true");
        BenchReport.main(new String[] {"--md", md.toString(), "--png", png.toString(), results.toString()});
        String report = Files.readString(md, StandardCharsets.UTF_8);
        for (String name : ran.keySet()) {
            assertTrue(report.contains("| " + BenchReport.kind(name).label() + " |"), name + " missing from the report:\n" + report);
        }
        assertTrue(report.contains("20,000 × coflow at depth 10"), report);
        assertTrue(report.contains("20,000 × Kotlin (stdlib intrinsics) at depth 10"), report);
        if (python) {
            assertTrue(report.contains(" generator `send`, depth 1: reference, **not a JVM peer**"), report);
        }
        assertTrue(report.contains("| agent start-up overhead < 10% |"), report);
        assertTrue(report.contains("test cpu, 2 cores"), report);
        if (JDK >= 21) {
            assertTrue(report.contains("Loom Continuation depth 50"), report);
            assertFalse(report.contains("| depth 50 faster than Loom depth 50 | n/a |"), report);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG: " + png);
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600);
    }

    record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    /** Runs {@code command} in the repository root with the test JVM's JDK as JAVA_HOME. */
    static Result exec(long timeoutSeconds, String... command) throws IOException {
        Path stdout = Files.createTempFile("bench-it", ".out");
        Path stderr = Files.createTempFile("bench-it", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n"
                        + Files.readString(stdout, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
