package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.peers.GrepStep;
import dev.coflow.peers.kilim.KilimGrep;
import dev.coflow.peers.kilim.KilimRebuiltGrep;
import dev.coflow.peers.kotlin.KotlinGenerators;
import dev.coflow.peers.kotlin.KotlinGrep;
import dev.coflow.peers.kotlin.KotlinRebuiltGrep;
import dev.coflow.peers.offbynull.OffbynullGrep;
import dev.coflow.peers.offbynull.OffbynullRebuiltGrep;
import java.util.Iterator;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peers of {@link PeerBenchmark} and {@link GeneratorBenchmark} do the floor's work: fed the
 * benchmarks' own lines, in the benchmarks' order and in a random order, every peer counts exactly
 * what {@link SwitchBenchmark.GrepHandler} counts, after every line, at every depth the benchmarks
 * run; and the Kotlin generators yield exactly what the hand-written {@link GeneratorBenchmark.LineCycle}
 * yields. (No agent here: the peers need none. coflow's side is checked with the agent by BenchmarksIT.)
 */
class PeerFloorTest {
    private static void sameCountsAsTheFloor(String peer, BiFunction<Integer, String, GrepStep> start, int depth) {
        GrepHandlerPair pair = new GrepHandlerPair(start.apply(depth, PATTERN));
        // The benchmark's order: LINES[next++ & 3].
        for (int next = 0; next < 400; next++) {
            pair.send(LINES[next & 3], peer + " depth " + depth + ", line " + next);
        }
        // A random order, with lines that merely resemble the pattern.
        String[] others = {"ERRO", "error", "xERRORx", "", "ERROR", "WARN ERRO R"};
        Random random = new Random(depth);
        for (int i = 0; i < 400; i++) {
            String line = random.nextBoolean() ? LINES[random.nextInt(LINES.length)] : others[random.nextInt(others.length)];
            pair.send(line, peer + " depth " + depth + ", random line " + i + " '" + line + "'");
        }
        assertTrue(pair.floor.count > 150, "the lines must contain the pattern often: " + pair.floor.count);
    }

    /** The floor and a peer, fed the same lines. */
    private static final class GrepHandlerPair {
        final SwitchBenchmark.GrepHandler floor = new SwitchBenchmark.GrepHandler(PATTERN);
        final GrepStep peer;

        GrepHandlerPair(GrepStep peer) {
            this.peer = peer;
            assertEquals(0, peer.count());
        }

        void send(String line, String what) {
            floor.send(line);
            peer.send(line);
            assertEquals(floor.count, peer.count(), what);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 50})
    void kotlin_countsAsTheFloor(int depth) {
        sameCountsAsTheFloor("Kotlin standing", KotlinGrep::start, depth);
        sameCountsAsTheFloor("Kotlin rebuilt", KotlinRebuiltGrep::start, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 50})
    void kilimAndOffbynull_countAsTheFloor(int depth) {
        sameCountsAsTheFloor("Kilim standing", KilimGrep::start, depth);
        sameCountsAsTheFloor("offbynull standing", OffbynullGrep::start, depth);
        if (depth == 10) {
            sameCountsAsTheFloor("Kilim rebuilt", KilimRebuiltGrep::start, depth);
            sameCountsAsTheFloor("offbynull rebuilt", OffbynullRebuiltGrep::start, depth);
        }
    }

    @Test
    void kotlinGenerators_yieldWhatTheHandWrittenIteratorYields() {
        Iterator<String> floor = new GeneratorBenchmark.LineCycle(LINES);
        Iterator<String> iterator = KotlinGenerators.cycleIterator(LINES);
        Iterator<String> sequence = KotlinGenerators.cycleSequence(LINES).iterator();
        int matching = 0;
        for (int i = 0; i < 1000; i++) {
            assertTrue(floor.hasNext() && iterator.hasNext() && sequence.hasNext(), "value " + i);
            String expected = floor.next();
            assertEquals(expected, iterator.next(), "iterator {}, value " + i);
            assertEquals(expected, sequence.next(), "sequence {}, value " + i);
            matching += expected.contains(PATTERN) ? 1 : 0;
        }
        assertEquals(250, matching);
    }

    @Test
    void kotlinEachIterator_yieldsTheLinesOnce_asTheHandWrittenOne() {
        Iterator<String> floor = new LifecycleBenchmark.Each(LINES);
        Iterator<String> kotlin = KotlinGenerators.eachIterator(LINES);
        while (floor.hasNext()) {
            assertTrue(kotlin.hasNext());
            assertEquals(floor.next(), kotlin.next());
        }
        assertFalse(kotlin.hasNext(), "it ends where the floor ends");
    }
}
