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
    void pipeline_pullWithoutOnce_isAUsageError() {
        assertUsageError("pipeline", SampleRun.run(temp, SampleRun.resources(), "pipeline", "pipeline-access.log", "--pattern", "python", "--pull"));
    }

    @Test
    void grep_unknownOption_isAUsageError() {
        assertUsageError("grep", SampleRun.run(temp, SampleRun.resources(), "grep", "--thrown", "python"));
    }
}
