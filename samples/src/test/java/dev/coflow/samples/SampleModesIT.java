package dev.coflow.samples;

import static dev.coflow.samples.SampleRun.assertSucceededWith;
import static dev.coflow.samples.SampleRun.assertUsageError;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second modes of two samples: {@code grep --throw} (an exception thrown in at the yield, not
 * caught there, surfacing in the caller) and {@code pipeline --pull} (the same pipeline built from
 * generators, which must print exactly what the push version prints).
 */
class SampleModesIT {
    @TempDir
    Path temp;

    @Test
    void grep_throwIn_surfacesInTheCallerAndClosesTheCoroutine() {
        assertSucceededWith("grep-throw.expected",
                SampleRun.run(temp, SampleRun.resources(), "grep", "--throw", "python", "grep-input.txt"));
    }

    @Test
    void pipeline_pullVersion_printsWhatThePushVersionPrints() {
        assertSucceededWith("pipeline.expected",
                SampleRun.run(temp, SampleRun.resources(), "pipeline", "pipeline-access.log", "--pattern", "python", "--once", "--pull"));
        assertSucceededWith("pipeline.expected",
                SampleRun.runVerified(temp, SampleRun.resources(), "pipeline", "pipeline-access.log", "--pattern", "python", "--once", "--pull"));
    }

    @Test
    void pipeline_pullVersion_followsAGrowingFile() throws Exception {
        Path log = temp.resolve("growing.log");
        java.nio.file.Files.writeString(log, "GET /python/one\nGET /other\n");
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process p = SampleRun.start(temp, out, err, "pipeline", log.toString(), "--pattern", "python", "--pull");
        try {
            waitFor(out, "GET /python/one\n");
            java.nio.file.Files.writeString(log, "GET /python/two\nGET /nothing\n", java.nio.file.StandardOpenOption.APPEND);
            waitFor(out, "GET /python/one\nGET /python/two\n");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private static void waitFor(Path file, String expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String now = "";
        while (System.nanoTime() < deadline) {
            now = java.nio.file.Files.readString(file);
            if (now.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected, now, "the pull pipeline did not print the followed lines");
    }

    @Test
    void grep_unknownOption_isAUsageError() {
        assertUsageError("grep", SampleRun.run(temp, SampleRun.resources(), "grep", "--thrown", "python"));
    }
}
