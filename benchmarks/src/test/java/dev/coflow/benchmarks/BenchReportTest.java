package dev.coflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's naming convention, its reading of two JDKs' results, the spread across forks, and the README update. */
class BenchReportTest {
    @TempDir
    Path temp;

    @Test
    void names_mapToSystemsAndDepths() {
        assertEquals(new BenchReport.Kind(1, "coflow", false, 10, "coflow depth 10"), BenchReport.kind("SwitchBenchmark.depth10"));
        assertEquals(new BenchReport.Kind(1, "coflow", true, 1, "coflow depth 1, rebuilt"), BenchReport.kind("SwitchBenchmark.rebuiltDepth1"));
        assertEquals(new BenchReport.Kind(1, "loom", true, 10, "Loom Continuation depth 10, rebuilt"),
                BenchReport.kind("LoomBenchmark.loomRebuiltDepth10"));
        assertEquals(new BenchReport.Kind(1, "kilim", false, 1, "Kilim depth 1"), BenchReport.kind("PeerBenchmark.kilimDepth1"));
        assertEquals(new BenchReport.Kind(1, "offbynull", true, 50, "offbynull depth 50, rebuilt"),
                BenchReport.kind("PeerBenchmark.offbynullRebuiltDepth50"));
        assertEquals(new BenchReport.Kind(1, "kotlin", true, 10, "Kotlin (stdlib intrinsics) depth 10, rebuilt"),
                BenchReport.kind("PeerBenchmark.kotlinRebuiltDepth10"));
        assertEquals(new BenchReport.Kind(1, "kotlin", false, 50, "Kotlin (stdlib intrinsics) depth 50"),
                BenchReport.kind("PeerBenchmark.kotlinDepth50"));
        assertEquals(new BenchReport.Kind(1, "delegation", false, 50, "coflow, 50 yieldFrom delegations"),
                BenchReport.kind("SwitchBenchmark.delegationDepth50"));
        assertEquals("coflow, 1 yieldFrom delegation", BenchReport.kind("SwitchBenchmark.delegationDepth1").label());
        assertEquals(0, BenchReport.kind("PeerBenchmark.handwritten").group());
        // The generators are a group of their own, their floor included.
        assertEquals(new BenchReport.Kind(5, "GeneratorBenchmark", false, 0, "pull one value: Kotlin iterator {}"),
                BenchReport.kind("GeneratorBenchmark.kotlinIterator"));
        assertEquals(5, BenchReport.kind("GeneratorBenchmark.handwritten").group());
        assertEquals(5, BenchReport.kind("GeneratorBenchmark.coflow").group());
        assertEquals(6, BenchReport.kind("LifecycleBenchmark.handwritten").group(), "its floor is a row of its group");
        assertEquals(6, BenchReport.kind("LifecycleBenchmark.coflowSend").group());
        assertTrue(BenchReport.kind("LifecycleBenchmark.coflowSend").label().contains("StopIteration"));
        // A life of one value is divided by the hand-written life of one value, not by the floor of four.
        assertEquals("LifecycleBenchmark.One", BenchReport.floorKey("LifecycleBenchmark.coflowOne"));
        assertEquals(BenchReport.floorKey("LifecycleBenchmark.handwrittenOne"), BenchReport.floorKey("LifecycleBenchmark.kotlinOne"));
        assertEquals("LifecycleBenchmark", BenchReport.floorKey("LifecycleBenchmark.coflow"));
        assertTrue(BenchReport.kind("LifecycleBenchmark.coflowOne").label().startsWith("a life of one value"));
        assertEquals(4, BenchReport.kind("PeerBenchmark.somethingElse").group());
        // The chains measured after other coroutine methods ran are rows of their own, not points of coflow's line.
        assertEquals(new BenchReport.Kind(4, "coflow-mixed", true, 10,
                "coflow depth 10, rebuilt, after 8 other coroutine methods ran (MixedSwitchBenchmark)"),
                BenchReport.kind("MixedSwitchBenchmark.rebuiltDepth10"));
        assertEquals(new BenchReport.Kind(4, "kotlin-mixed", false, 1,
                "Kotlin (stdlib intrinsics) depth 1, after 8 other suspend functions ran (MixedSwitchBenchmark)"),
                BenchReport.kind("MixedSwitchBenchmark.kotlinDepth1"));
        assertEquals(0, BenchReport.kind("MixedSwitchBenchmark.handwritten").group());
    }

    @Test
    void mixedChains_areDividedByTheirOwnClasssFloor() throws Exception {
        Path dir = run("m", "17.0.15", 8, jmh("17.0.15", "MixedSwitchBenchmark.handwritten", 4, 0),
                jmh("17.0.15", "MixedSwitchBenchmark.depth1", 20, 0));
        Path md = temp.resolve("m.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String table = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(table.lines().toList().contains(
                "| coflow depth 1, after 8 other coroutine methods ran (MixedSwitchBenchmark) | 20.0 | 5.0x | 0 |"), table);
        assertTrue(table.contains("| coflow depth 1 | 8.00 | 1.6x |"), "SwitchBenchmark's row is unchanged: " + table);
    }

    @Test
    void livesOfOneValue_areDividedByTheHandWrittenLifeOfOneValue() throws Exception {
        Path dir = run("l", "17.0.15", 8, jmh("17.0.15", "LifecycleBenchmark.handwritten", 16, 24),
                jmh("17.0.15", "LifecycleBenchmark.coflow", 64, 32), jmh("17.0.15", "LifecycleBenchmark.handwrittenOne", 4, 0),
                jmh("17.0.15", "LifecycleBenchmark.coflowOne", 30, 32), jmh("17.0.15", "LifecycleBenchmark.kotlinOne", 18, 80));
        Path md = temp.resolve("l.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String table = Files.readString(md, StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertTrue(lines.contains("| a life of four values: coflow Coroutines.generate made and drained | 64.0 | 4.0x | 32 |"), table);
        assertTrue(lines.contains("| a life of one value: coflow Coroutines.generate made and drained | 30.0 | 7.5x | 32 |"), table);
        assertTrue(lines.contains("| a life of one value: Kotlin iterator {} made and drained | 18.0 | 4.5x | 80 |"), table);
    }

    private static String jmh(String jdk, String name, double score, double alloc) {
        return "{\"benchmark\": \"dev.coflow.benchmarks." + name + "\", \"jdkVersion\": \"" + jdk + "\", \"forks\": 2,"
                + " \"warmupIterations\": 3, \"warmupTime\": \"1 s\", \"measurementIterations\": 5, \"measurementTime\": \"1 s\","
                + " \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": " + alloc + ", \"scoreUnit\": \"B/op\"}}}";
    }

    private Path run(String name, String jdk, double depth1, String... extra) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        StringBuilder results = new StringBuilder("[").append(jmh(jdk, "SwitchBenchmark.handwritten", 5, 0))
                .append(',').append(jmh(jdk, "SwitchBenchmark.depth1", depth1, 0.001))
                .append(',').append(jmh(jdk, "SwitchBenchmark.depth10", 30, 0));
        for (String e : extra) {
            results.append(',').append(e);
        }
        Files.writeString(dir.resolve("jmh.json"), results.append(']').toString());
        Files.writeString(dir.resolve("memory-coflow.json"), "[{\"system\": \"coflow\", \"depth\": 1, \"count\": 1000000,"
                + " \"bytesPerCoroutine\": 90.5, \"heapUsedBytes\": 100000000, \"jdk\": \"" + jdk + "\"}]");
        Files.writeString(dir.resolve("env.json"), "{\"date\": \"2030-01-02\", \"cpu\": \"Test CPU\", \"cores\": 2, \"mode\": \"full\", \"java\": \"x\"}");
        return dir;
    }

    @Test
    void delegationChains_areRowsOfTheirOwn_andTheTargetComparesFiftyDelegationsWithOne() throws Exception {
        Path dir = run("d", "17.0.15", 8, jmh("17.0.15", "SwitchBenchmark.delegationDepth1", 10, 0),
                jmh("17.0.15", "SwitchBenchmark.delegationDepth50", 16, 0));
        Path md = temp.resolve("d.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String table = Files.readString(md, StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertTrue(lines.contains("| coflow, 1 yieldFrom delegation | 10.0 | 2.0x | 0 |"), table);
        assertTrue(lines.contains("| coflow, 50 yieldFrom delegations | 16.0 | 3.2x | 0 |"), table);
        assertTrue(lines.contains("| 50 yieldFrom delegations ≤ 1.5x one delegation | 1.60x: missed by 1.07x |"), table);
        // the rows follow coflow's standing chains
        assertTrue(table.indexOf("| coflow depth 10 |") < table.indexOf("| coflow, 1 yieldFrom delegation |"), table);
    }

    @Test
    void rebuiltDepth10_isComparedWithHalfTheBestPeersRatio_eachToItsOwnFloor() throws Exception {
        // coflow 60 / 5 = 12x; Kotlin 150 / 3 = 50x, Kilim 200 / 3 = 66.7x: the best peer is Kotlin, half of it 25x
        Path met = run("p", "17.0.15", 8, jmh("17.0.15", "SwitchBenchmark.rebuiltDepth10", 60, 0),
                jmh("17.0.15", "PeerBenchmark.handwritten", 3, 0), jmh("17.0.15", "PeerBenchmark.kotlinRebuiltDepth10", 150, 560),
                jmh("17.0.15", "PeerBenchmark.kilimRebuiltDepth10", 200, 344));
        Path md = temp.resolve("p.md");
        BenchReport.main(new String[] {"--md", md.toString(), met.toString()});
        List<String> lines = Files.readString(md, StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("| rebuilt depth 10 at most half the best peer's ratio (Kotlin, Loom, Kilim) | 12x vs Kotlin's 50x: met |"),
                String.join("\n", lines));
        // coflow 150 / 5 = 30x against half of Kotlin's 50x: missed by 1.2x
        Path missed = run("q", "17.0.15", 8, jmh("17.0.15", "SwitchBenchmark.rebuiltDepth10", 150, 0),
                jmh("17.0.15", "PeerBenchmark.handwritten", 3, 0), jmh("17.0.15", "PeerBenchmark.kotlinRebuiltDepth10", 150, 560));
        Path md2 = temp.resolve("q.md");
        BenchReport.main(new String[] {"--md", md2.toString(), missed.toString()});
        List<String> lines2 = Files.readString(md2, StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines2.contains("| rebuilt depth 10 at most half the best peer's ratio (Kotlin, Loom, Kilim) | 30x vs Kotlin's 50x: missed by 1.2x |"),
                String.join("\n", lines2));
    }

    @Test
    void twoJdks_mergeIntoOneTable_withPeersFromTheirOwnFile() throws Exception {
        Path jdk17 = run("a", "17.0.15", 8);
        Path jdk25 = run("b", "25.0.3", 12, jmh("25.0.3", "LoomBenchmark.loomDepth1", 80, 0));
        // A peer run in a file of its own, with its own baseline.
        Files.writeString(jdk25.resolve("jmh-peers.json"), "[" + jmh("25.0.3", "PeerBenchmark.handwritten", 4, 0) + ","
                + jmh("25.0.3", "PeerBenchmark.kilimDepth1", 20, 0) + "," + jmh("25.0.3", "PeerBenchmark.kotlinRebuiltDepth10", 200, 856) + ","
                + jmh("25.0.3", "GeneratorBenchmark.handwritten", 2, 0) + "," + jmh("25.0.3", "GeneratorBenchmark.coflow", 6, 0) + "]");
        // CPython's reference in the JDK 17 directory only.
        Files.writeString(jdk17.resolve("cpython.json"), "{\"implementation\": \"CPython\", \"version\": \"3.11.7\", \"results\": ["
                + "{\"name\": \"handwritten\", \"ns\": 80, \"ratio\": 1.0}, {\"name\": \"depth1\", \"ns\": 96, \"ratio\": 1.2},"
                + " {\"name\": \"rebuiltDepth10\", \"ns\": 1800, \"ratio\": 22.5}]}");
        Path readme = temp.resolve("README.md");
        Files.writeString(readme, "# x\n\n" + BenchReport.BEGIN + "\nold table\n" + BenchReport.END + "\nafter\n");
        Path md = temp.resolve("t.md");
        BenchReport.main(new String[] {"--md", md.toString(), "--readme", readme.toString(), jdk17.toString(), jdk25.toString()});
        String table = Files.readString(md, StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertTrue(table.contains("| benchmark | JDK 17.0.15 ns/op | x | B/op | JDK 25.0.3 ns/op | x | B/op |"), table);
        assertTrue(lines.contains("| coflow depth 1 | 8.00 | 1.6x | 0 | 12.0 | 2.4x | 0 |"), table);
        assertTrue(lines.contains("| Loom Continuation depth 1 | n/a | | | 80.0 | 16x | 0 |"), table);
        // Kilim is divided by the handwritten of its own file (4 ns), not of jmh.json (5 ns).
        assertTrue(lines.contains("| Kilim depth 1 | n/a | | | 20.0 | 5.0x | 0 |"), table);
        assertTrue(lines.contains("| Kotlin (stdlib intrinsics) depth 10, rebuilt | n/a | | | 200 | 50x | 856 |"), table);
        // The generators are divided by their own floor, which comes first in their group.
        int generatorFloor = lines.indexOf("| pull one value: hand-written Iterator (the generators' floor) | n/a | | | 2.00 | 1.0x | 0 |");
        int coflowGenerator = lines.indexOf("| pull one value: coflow Coroutines.generate | n/a | | | 6.00 | 3.0x | 0 |");
        assertTrue(generatorFloor > 0 && coflowGenerator == generatorFloor + 1, table);
        // CPython: one row, marked as not a JVM peer, and one sentence for the run that has it.
        assertTrue(lines.contains("| CPython 3.11.7 generator `send`, depth 1: reference, **not a JVM peer** "
                + "(x: ratio to a Python GrepHandler class) | 96.0 | 1.2x | – | n/a | | |"), table);
        assertTrue(table.contains("hand-written GrepHandler class 80.0 ns per send; depth 1 96.0 ns (1.2x); rebuilt depth 10 1,800 ns (23x)"), table);
        assertTrue(lines.contains("| standing depth 1 ≤ 1.3x handwritten | 1.6x: missed by 1.2x (23% over) | 2.4x: missed by 1.8x (85% over) |"), table);
        assertTrue(lines.contains("| ≤ 64 B per suspended coroutine at depth 1 | 91 B: missed by 1.4x | 91 B: missed by 1.4x |"), table);
        assertTrue(table.contains("Test CPU, 2 cores"), table);
        // The chart draws the CPython line and the Kotlin series without failing.
        System.setProperty("java.awt.headless", "true");
        java.awt.image.BufferedImage chart = BenchReport.chart(List.of(BenchReport.read(jdk17), BenchReport.read(jdk25)));
        assertTrue(chart.getWidth() >= 800 && chart.getHeight() >= 600);
        String updated = Files.readString(readme, StandardCharsets.UTF_8);
        assertFalse(updated.contains("old table"), updated);
        assertTrue(updated.startsWith("# x\n\n" + BenchReport.BEGIN + "\n" + table + BenchReport.END + "\nafter\n"), updated);
    }

    /** A JMH result with {@code rawData}: one array of iteration values per fork, in {@code unit}. */
    private static String forked(String name, String unit, double score, double[]... forks) {
        StringBuilder raw = new StringBuilder();
        for (double[] fork : forks) {
            raw.append(raw.length() == 0 ? "[" : ", [");
            for (int i = 0; i < fork.length; i++) {
                raw.append(i == 0 ? "" : ", ").append(fork[i]);
            }
            raw.append(']');
        }
        return "{\"benchmark\": \"dev.coflow.benchmarks." + name + "\", \"jdkVersion\": \"17.0.15\", \"forks\": " + forks.length + ","
                + " \"warmupIterations\": 2, \"warmupTime\": \"1 s\", \"measurementIterations\": " + forks[0].length + ","
                + " \"measurementTime\": \"500 ms\", \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 0.5, \"scoreUnit\": \"" + unit + "\","
                + " \"rawData\": [" + raw + "]}}";
    }

    private Path forkedRun(String name, String... results) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",", results) + "]");
        return dir;
    }

    /** The text from "Spread across forks" to the end of the report. */
    private static String spreadSection(String report) {
        int start = report.indexOf("Spread across forks");
        assertTrue(start >= 0, report);
        return report.substring(start);
    }

    /**
     * Four forks each: the floor and depth 1 run in one of two speeds (5.5 or 9 ns, 8 or 12 ns),
     * depth 10 is flat, and the hand-off is in us/op.
     */
    private Path bimodalRun() throws Exception {
        return forkedRun("bimodal",
                forked("SwitchBenchmark.handwritten", "ns/op", 7.2, new double[] {5.4, 5.6}, new double[] {9, 9},
                        new double[] {5.5, 5.5}, new double[] {8.75, 9.25}),
                forked("SwitchBenchmark.depth1", "ns/op", 10, new double[] {8, 8}, new double[] {12, 12},
                        new double[] {8.5, 7.5}, new double[] {13, 11}),
                forked("SwitchBenchmark.depth10", "ns/op", 10.1, new double[] {10, 10.2}, new double[] {10.5, 10.1},
                        new double[] {10, 10}, new double[] {9.9, 10.1}),
                forked("HandoffBenchmark.platformThread", "us/op", 41, new double[] {40, 42}, new double[] {41.5, 40.5},
                        new double[] {41, 41}, new double[] {40, 42}));
    }

    @Test
    void forks_areReadFromRawData_eachForkTheMeanOfItsIterations() throws Exception {
        BenchReport.Run run = BenchReport.read(bimodalRun());
        BenchReport.Score depth1 = run.score("SwitchBenchmark.depth1");
        assertEquals(10, depth1.ns(), 1e-9);
        assertEquals(4, depth1.forks().count());
        assertEquals(8, depth1.forks().fastest(), 1e-9);
        assertEquals(12, depth1.forks().slowest(), 1e-9);
        assertEquals(1.5, depth1.forks().spread(), 1e-9);
        // the floor's forks travel with the score that is divided by it
        assertEquals(7.2, depth1.floor().ns(), 1e-9);
        assertEquals(5.5, depth1.floor().forks().fastest(), 1e-9);
        assertEquals(9, depth1.floor().forks().slowest(), 1e-9);
        BenchReport.Forks depth10 = run.score("SwitchBenchmark.depth10").forks();
        assertEquals(10, depth10.fastest(), 1e-9);
        assertEquals(10.3, depth10.slowest(), 1e-9);
        // us/op: the fork means are in ns like the score
        BenchReport.Score handoff = run.score("HandoffBenchmark.platformThread");
        assertEquals(41_000, handoff.ns(), 1e-6);
        assertEquals(41_000, handoff.forks().fastest(), 1e-6);
        assertEquals(41_000, handoff.forks().slowest(), 1e-6);
        // without rawData: JMH's forks setting, no fork means
        BenchReport.Forks unknown = BenchReport.forks(Json.parse(jmh("17.0.15", "SwitchBenchmark.depth1", 9, 0)));
        assertEquals(2, unknown.count());
        assertTrue(Double.isNaN(unknown.fastest()) && Double.isNaN(unknown.slowest()));
    }

    @Test
    void bimodalBenchmarks_areListedUnderSpread_flatOnesAreNot() throws Exception {
        Path dir = bimodalRun();
        Path md = temp.resolve("bimodal.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String report = Files.readString(md, StandardCharsets.UTF_8);
        List<String> lines = report.lines().toList();
        // the main table keeps the mean over forks
        assertTrue(lines.contains("| coflow depth 1 | 10.0 ± 0.50 | 1.4x | – |"), report);
        assertTrue(lines.contains("| coflow depth 10 | 10.1 ± 0.50 | 1.4x | – |"), report);
        assertTrue(report.contains("Each JMH score is the mean over all its forks (fresh JVMs) and their measured iterations: "
                + "4 forks on JDK 17.0.15."), report);
        String spread = spreadSection(report);
        // depth 1: fastest fork 8 ns against the floor's fastest 5.5 ns, slowest 12 ns against 9 ns
        assertTrue(spread.lines().toList().contains("| coflow depth 1 | 4 | 8.00 | 12.0 | 1.50x | 1.5x | 1.3x |"), spread);
        assertTrue(spread.lines().toList().contains("| handwritten (GrepHandler object) | 4 | 5.50 | 9.00 | 1.64x | 1.0x | 1.0x |"), spread);
        assertFalse(spread.contains("| coflow depth 10 |"), spread);
        assertFalse(spread.contains("platform threads"), spread);
        assertTrue(spread.contains("`): 2 benchmarks."), spread);
        assertFalse(spread.contains("no benchmark's forks differed"), spread);
    }

    @Test
    void flatForks_giveASentence_andASpreadOfExactlyTheLimitIsNotListed() throws Exception {
        Path dir = forkedRun("flat",
                forked("SwitchBenchmark.handwritten", "ns/op", 4, new double[] {4, 4}, new double[] {4.2, 3.8}, new double[] {4.1, 4.1}),
                // slowest / fastest = 10 / 8 = 1.25 exactly: not more than the limit
                forked("SwitchBenchmark.depth1", "ns/op", 9, new double[] {8, 8}, new double[] {9, 9}, new double[] {10, 10}));
        Path md = temp.resolve("flat.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String spread = spreadSection(Files.readString(md, StandardCharsets.UTF_8));
        assertTrue(spread.contains("`): no benchmark's forks differed by more than 25%."), spread);
        assertFalse(spread.contains("| coflow depth 1 |"), spread);
        assertFalse(spread.contains("| benchmark | forks |"), spread);
    }

    @Test
    void oneFork_saysThereIsNoSpreadToShow() throws Exception {
        Path dir = forkedRun("quick",
                forked("SwitchBenchmark.handwritten", "ns/op", 4, new double[] {4, 4}),
                forked("SwitchBenchmark.depth1", "ns/op", 9, new double[] {8, 10}));
        Path md = temp.resolve("quick.md");
        BenchReport.main(new String[] {"--md", md.toString(), dir.toString()});
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(report.contains("measured iterations: 1 fork on JDK 17.0.15."), report);
        assertTrue(spreadSection(report).contains("`): one fork per benchmark, no spread to show."), report);
    }
}
