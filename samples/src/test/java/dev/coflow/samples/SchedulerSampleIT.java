package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code samples/run scheduler} and compares its trace with {@code scheduler.expected}. */
class SchedulerSampleIT {
    private final SampleProcess samples = new SampleProcess();

    @TempDir
    Path temp;

    @Test
    void scheduler_printsTheDeterministicTrace() {
        SampleProcess.Result r = samples.run(temp, 60, samples.runScript.toString(), "scheduler");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        assertEquals(samples.expected("scheduler.expected"), r.stdout());
    }

    @Test
    void scheduler_withTheVerifierAndStrictMode_printsTheSameTrace() {
        SampleProcess.Result r = samples.run(temp, 60, SampleProcess.java(), "-Xverify:all",
                "-javaagent:" + samples.agentJar + "=verify=true,strict=true", "-jar", samples.samplesJar.toString(), "scheduler");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        assertEquals(samples.expected("scheduler.expected"), r.stdout());
    }

    @Test
    void scheduler_trace_showsEverySystemCallAtWork() {
        List<String> lines = samples.expected("scheduler.expected").lines().toList();
        // The expected file is the program's own output; these check it says what the README claims.
        assertTrue(lines.contains("main: task 2 finished and returned 6"), "waitTask hands back the child's return value");
        assertTrue(lines.contains("ticker (task 3): finally, killed after 3 ticks"), "a killed task runs its finally");
        assertTrue(lines.contains("sleeper (task 4): finally, woken by the kill"), "a task killed in its sleep runs its finally");
        assertFalse(lines.contains("sleeper (task 4): woke up"), "a killed sleeper never wakes up");
        assertTrue(lines.contains("main: awake, slept at least 20 ms: true"));
        assertTrue(lines.contains("main: the reader got \"hello through the selector\"; task 1 ends"), "the selector woke the reader");
        assertEquals("scheduler: no tasks left after 32 steps", lines.get(lines.size() - 1));
    }

    @Test
    void scheduler_withArguments_printsUsageAndExitsTwo() {
        SampleProcess.Result r = samples.run(temp, 60, samples.runScript.toString(), "scheduler", "extra");
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        assertEquals(List.of("scheduler: takes no arguments, got 'extra'", "usage: samples/run scheduler"), r.stderr().lines().toList());
    }
}
