package dev.coflow.agent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The case runner's own guard: a fixture that never ends fails by name, and the fixtures after it still run. */
class CaseHarnessTest {
    private volatile boolean stop;

    @AfterEach
    void endTheSpinningThreads() {
        stop = true;
    }

    /** Spins until the test ends: stands for a chain of frames linked into a loop. */
    private Callable<CaseHarness.Run> spinner() {
        return () -> {
            while (!stop) {
                Thread.onSpinWait();
            }
            return null;
        };
    }

    @Test
    void stuckOnTheSharedThread_failsByName_withItsStack_andTheNextCaseGetsANewThread() throws Exception {
        AssertionError stuck = assertThrows(AssertionError.class,
                () -> CaseHarness.runShared("Spinning", spinner(), 300));
        assertEquals("fixture Spinning still running after 300 ms (a loop in the rewritten code or the runtime);"
                + " the stack trace of this error is where its thread was", stuck.getMessage());
        assertTrue(Arrays.stream(stuck.getStackTrace()).anyMatch(e -> e.getMethodName().startsWith("lambda$spinner")),
                () -> "the spinning thread's stack: " + Arrays.toString(stuck.getStackTrace()));

        CaseHarness.Run next = CaseHarness.run("YieldInLoop");
        assertEquals(CaseHarness.optionalList(next.fixture(), "EXPECTED"), next.yields());
    }

    @Test
    void stuckOnANewThread_failsByName_withItsStack() {
        AssertionError stuck = assertThrows(AssertionError.class,
                () -> CaseHarness.runOnNewThread("Spinning", spinner(), 2000));
        assertTrue(stuck.getMessage().startsWith("fixture Spinning still running after 2 s "), stuck.getMessage());
        assertTrue(Arrays.stream(stuck.getStackTrace()).anyMatch(e -> e.getMethodName().startsWith("lambda$spinner")),
                () -> "the spinning thread's stack: " + Arrays.toString(stuck.getStackTrace()));
    }

    @Test
    void aFailingFixture_throwsWhatItThrew() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> CaseHarness.runOnNewThread("Throwing", () -> {
                    throw new IllegalStateException("from the fixture");
                }, 2000));
        assertEquals("from the fixture", thrown.getMessage());
    }
}
