package dev.coflow.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.peers.kilim.KilimGrep;
import dev.coflow.peers.kilim.KilimRebuiltGrep;
import dev.coflow.peers.kotlin.KotlinGenerators;
import dev.coflow.peers.kotlin.KotlinGrep;
import dev.coflow.peers.kotlin.KotlinOthers;
import dev.coflow.peers.kotlin.KotlinRebuiltGrep;
import dev.coflow.peers.offbynull.OffbynullGrep;
import dev.coflow.peers.offbynull.OffbynullRebuiltGrep;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peer workloads, as woven at build time, load under this JVM's verifier (surefire runs with
 * {@code -Xverify:all}) and count right: every implementation gets the same lines and must count the
 * ones that contain "ERROR", at every depth the benchmarks use. The Kotlin peer (compiled by kotlinc,
 * not woven) runs on the standard library alone.
 */
class PeerWorkloadsTest {
    static final String[] LINES = {"INFO all good", "ERROR disk full", "DEBUG cache warm", "WARN slow query",
        "ERROR again", "nothing"};

    @Test
    void testJvmVerifiesEveryClass() {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xverify:all"),
                "surefire must run these tests with -Xverify:all (the parent's coflow.test.jvm)");
    }

    @Test
    void kilimClassesAreWoven() {
        // Kilim's weaver adds a variant of every pausable method that takes the Fiber last.
        for (Class<?> type : new Class<?>[] {KilimGrep.class, KilimRebuiltGrep.class}) {
            assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(PeerWorkloadsTest::takesFiberLast),
                    type + " is not woven");
        }
    }

    @Test
    void offbynullClassesAreInstrumented() throws ReflectiveOperationException {
        for (Class<?> type : new Class<?>[] {OffbynullGrep.class, OffbynullRebuiltGrep.class}) {
            assertTrue(type.getDeclaredField("__COROUTINES_INSTRUMENTATION_VERSION") != null);
        }
    }

    private static boolean takesFiberLast(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        return parameters.length > 0 && parameters[parameters.length - 1].getName().equals("kilim.Fiber");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 50})
    void kilimStanding(int depth) {
        check(KilimGrep.start(depth, "ERROR"), false, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 50})
    void offbynullStanding(int depth) {
        check(OffbynullGrep.start(depth, "ERROR"), false, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void kilimRebuilt(int depth) {
        check(KilimRebuiltGrep.start(depth, "ERROR"), true, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void offbynullRebuilt(int depth) {
        check(OffbynullRebuiltGrep.start(depth, "ERROR"), true, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 50})
    void kotlinStanding(int depth) {
        check(KotlinGrep.start(depth, "ERROR"), false, depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 50})
    void kotlinRebuilt(int depth) {
        check(KotlinRebuiltGrep.start(depth, "ERROR"), true, depth);
    }

    @Test
    void kotlinPeer_usesTheStandardLibraryOnly() {
        // No kotlinx.coroutines anywhere on the class path: the peer is the compiler's coroutines and
        // kotlin.coroutines.intrinsics, nothing more.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("kotlinx.coroutines.Job"));
        assertTrue(kotlin.coroutines.Continuation.class.isAssignableFrom(KotlinGrep.class));
    }

    @Test
    void kotlinStart_rejectsDepthZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KotlinGrep.start(0, "ERROR"));
        assertTrue(e.getMessage().contains("depth must be at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KotlinRebuiltGrep.start(0, "ERROR"));
    }

    @Test
    void kotlinOthers_eachRunsItsOwnSuspendFunction() {
        // MixedSwitchBenchmark's Kotlin set-up: nine coroutines, each suspended in a suspend function of its own
        // (eight loops m0..m7 adding value + i, one rebuilt chain adding value + 1 through once()), each with its
        // own continuation class, so that the standard library's resume call meets nine classes
        java.util.List<KotlinOthers> others = KotlinOthers.all();
        assertEquals(KotlinOthers.COUNT, others.size());
        java.util.Set<Class<?>> continuations = new java.util.HashSet<>();
        for (int i = 0; i < others.size(); i++) {
            KotlinOthers c = others.get(i);
            c.send(10);
            c.send(20);
            int add = i < 8 ? i : 1;
            assertEquals(30 + 2 * add, c.getSum(), "coroutine " + i);
            continuations.add(suspendedContinuation(c).getClass());
        }
        assertEquals(KotlinOthers.COUNT, continuations.size(), "each suspends in a function of its own: " + continuations);
    }

    private static Object suspendedContinuation(KotlinOthers c) {
        try {
            java.lang.reflect.Field f = dev.coflow.peers.kotlin.SendCoroutine.class.getDeclaredField("suspended");
            f.setAccessible(true);
            return f.get(c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void kotlinGenerators_yieldTheLinesRoundAndRound() {
        Iterator<String> iterator = KotlinGenerators.cycleIterator(LINES);
        Iterator<String> sequence = KotlinGenerators.cycleSequence(LINES).iterator();
        for (int i = 0; i < 3 * LINES.length + 1; i++) {
            assertTrue(iterator.hasNext());
            assertEquals(LINES[i % LINES.length], iterator.next(), "iterator {}, value " + i);
            assertTrue(sequence.hasNext());
            assertEquals(LINES[i % LINES.length], sequence.next(), "sequence {}, value " + i);
        }
        // A sequence {} starts again from the top for every iterator, like any Kotlin Sequence.
        assertEquals(LINES[0], KotlinGenerators.cycleSequence(LINES).iterator().next());
    }

    @Test
    void independentInstancesKeepTheirOwnState() {
        check2(KilimGrep::start);
        check2(OffbynullGrep::start);
        check2(KotlinGrep::start);
        check2(KotlinRebuiltGrep::start);
    }

    private static void check2(BiFunction<Integer, String, GrepStep> start) {
        GrepStep errors = start.apply(10, "ERROR");
        GrepStep warnings = start.apply(10, "WARN");
        int expectedErrors = 0;
        int expectedWarnings = 0;
        for (int i = 0; i < 100; i++) {
            String toErrors = LINES[i % LINES.length];
            String toWarnings = LINES[(i + 1) % LINES.length];
            errors.send(toErrors);
            warnings.send(toWarnings);
            expectedErrors += toErrors.contains("ERROR") ? 1 : 0;
            expectedWarnings += toWarnings.contains("WARN") ? 1 : 0;
        }
        assertEquals(33, expectedErrors);
        assertEquals(17, expectedWarnings);
        assertEquals(expectedErrors, errors.count());
        assertEquals(expectedWarnings, warnings.count());
    }

    /**
     * Sends 203 lines; a standing chain never returns through its frames (sink stays 0), a rebuilt one
     * returns through all {@code depth} frames once per line, each adding its depth plus the pattern's length.
     */
    private static void check(GrepStep step, boolean rebuilt, int depth) {
        assertEquals(0, step.count(), "nothing counted before the first line");
        int expected = 0;
        int n = 203;
        for (int i = 0; i < n; i++) {
            String line = LINES[i % LINES.length];
            step.send(line);
            if (line.contains("ERROR")) {
                expected++;
            }
            assertEquals(expected, step.count(), "after line " + i);
        }
        int perLine = 0;
        for (int d = 1; d <= depth; d++) {
            perLine += d + "ERROR".length();
        }
        assertEquals(rebuilt ? n * perLine : 0, step.sink());
    }
}
