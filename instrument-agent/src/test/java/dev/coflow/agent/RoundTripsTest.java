package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.SuspendableClasses;
import dev.coflow.testkit.RoundTrips;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forced round trips (coflow-testkit's policy at the entry points of the rewriter's {@code entryPoints} hook): at points of a running
 * coroutine whose chain is rewritten, the chain is saved, unwound and resumed at once, and the program cannot tell.
 */
class RoundTripsTest {
    private static final String ROOT = "dev.coflow.suspendablefixture.";

    @AfterEach
    void off() {
        RoundTrips.install(0, 1);
    }

    private static Method method(Class<?> app, String name) {
        for (Method m : app.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic()) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    /** Runs {@code name} as a coroutine, resuming round trips at once (on {@code other} every second time when given). */
    private static List<Object> drive(String name, int rate, ExecutorService other, Object... args) throws Exception {
        CaseClassLoader loader = new CaseClassLoader(ROOT, SuspendableClasses.parse("dev.coflow.suspendablefixture.lib.**"),
                new ClassRewriter.Options(true, true));
        Method m = method(loader.loadClass(ROOT + "app.InOrder"), name);
        RoundTrips.install(rate, 42);
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(m, args);
        List<Object> out = new ArrayList<>();
        boolean there = false;
        try {
            while (true) {
                Object y;
                if (there) {
                    try {
                        y = other.submit(handle::next).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause();
                    }
                } else {
                    y = handle.next();
                }
                if (RoundTrips.isMarker(y)) {
                    out.add("~");
                    there = other != null && !there;
                } else {
                    out.add(y);
                }
            }
        } catch (StopIteration stop) {
            out.add("result " + stop.value());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        assertTrue(loader.diagnostics().isEmpty(), loader.diagnostics().toString());
        return out;
    }

    private static List<Object> withoutMarkers(List<Object> out) {
        List<Object> plain = new ArrayList<>(out);
        plain.removeIf("~"::equals);
        return plain;
    }

    @Test
    void roundTripsOff_nothingChanges() throws Exception {
        assertEquals(List.of("A", "B", "C", "visited 3", "result 3"), drive("walk", 0, null, List.of("b", "a", "c")));
    }

    @Test
    void roundTripAtEveryCleanPoint_yieldsTheSameValuesAndResult() throws Exception {
        List<Object> out = drive("walk", 1, null, List.of("b", "a", "c"));

        assertEquals(List.of("A", "B", "C", "visited 3", "result 3"), withoutMarkers(out));
        assertTrue(out.size() - 5 >= 6, "round trips at the entries of walk, of, insert, the lambda...: " + out);
    }

    @Test
    void roundTrips_neverBeginBelowAFrameThatWasNotRewritten() throws Exception {
        String expected = "a1 a!1 b1 b!1 2";
        for (int rate : new int[] {1, 2, 3, 7}) {
            List<Object> out = drive("busy", rate, null, List.of("b", "a"));
            assertEquals(List.of("result " + expected), withoutMarkers(out), "rate " + rate);
        }
        assertTrue(drive("busy", 1, null, List.of("b", "a")).contains("~"));
    }

    @Test
    void roundTripsResumedOnAnotherThread_yieldTheSameValues() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Object> out = drive("walk", 1, other, List.of("m", "c", "x"));
            assertEquals(List.of("C", "M", "X", "visited 3", "result 3"), withoutMarkers(out));
            assertEquals("result a1 a!1 b1 b!1 2", withoutMarkers(drive("busy", 1, other, List.of("b", "a"))).get(0));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void outsideAnyCoroutine_roundTripPointsDoNothing() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(ROOT, SuspendableClasses.parse("dev.coflow.suspendablefixture.lib.**"),
                new ClassRewriter.Options(true, true));
        Method m = method(loader.loadClass(ROOT + "app.InOrder"), "busy");
        RoundTrips.install(1, 7);

        assertEquals("a1 a!1 b1 b!1 2", m.invoke(null, List.of("b", "a")));
    }
}
