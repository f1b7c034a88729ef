package dev.coflow.samples;

import static dev.coflow.samples.SampleRun.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.samples.SampleRun.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@code samples/run versus-objects}: its figures vary from run to run, so the test checks their shape, not their values. */
class VersusObjectsSampleIT {
    private static final Pattern HEADER = Pattern.compile(
            "(\\d+) lines per round, half of them containing \"python\"; (\\d+) warm-up rounds, then the median of (\\d+) rounds");
    private static final Pattern OBJECT = Pattern.compile("GrepHandler object: (\\d+\\.\\d) ns per line");
    private static final Pattern COROUTINE = Pattern.compile("grep coroutine: {5}(\\d+\\.\\d) ns per line");
    private static final Pattern RATIO = Pattern.compile("coroutine / object: (\\d+\\.\\d\\d)x");

    @TempDir
    Path temp;

    /** The four lines' figures: items, warm-up rounds, rounds, object ns, coroutine ns, ratio. */
    private static double[] figures(Result r) {
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(4, lines.size(), r::describe);
        Matcher header = matches(HEADER, lines.get(0));
        Matcher object = matches(OBJECT, lines.get(1));
        Matcher coroutine = matches(COROUTINE, lines.get(2));
        Matcher ratio = matches(RATIO, lines.get(3));
        return new double[] {
            Double.parseDouble(header.group(1)), Double.parseDouble(header.group(2)), Double.parseDouble(header.group(3)),
            Double.parseDouble(object.group(1)), Double.parseDouble(coroutine.group(1)), Double.parseDouble(ratio.group(1)),
        };
    }

    private static Matcher matches(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertTrue(m.matches(), () -> "'" + line + "' does not match " + pattern);
        return m;
    }

    @Test
    void defaultRun_printsTimePerLineOfEachAndAPositiveRatio() {
        long start = System.nanoTime();
        Result r = SampleRun.run(temp, temp, "versus-objects");
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] f = figures(r);
        assertEquals(1_000_000, f[0]);
        assertTrue(f[1] >= 1, "warms up before measuring");
        assertTrue(f[2] >= 3, "several measured rounds");
        assertTrue(f[3] > 0 && f[4] > 0, r::describe);
        assertTrue(f[5] > 0, r::describe);
        // The ratio is the quotient of the two figures (each rounded to 0.1 ns, hence the tolerance).
        double quotient = f[4] / f[3];
        assertTrue(Math.abs(f[5] - quotient) <= 0.06 * quotient + 0.01, () -> "ratio " + f[5] + " vs " + quotient + "\n" + r.describe());
        assertTrue(seconds < 30, "the default run is meant to take a few seconds; it took " + seconds);
    }

    @Test
    void itemsAndRounds_areTheOnesGiven() {
        double[] f = figures(SampleRun.run(temp, temp, "versus-objects", "20000", "3"));
        assertEquals(20_000, f[0]);
        assertEquals(3, f[2]);
        assertTrue(f[5] > 0);
    }

    @Test
    void verified_runsUnderTheVerifiers() {
        double[] f = figures(SampleRun.runVerified(temp, temp, "versus-objects", "5000", "3"));
        assertEquals(5_000, f[0]);
        assertTrue(f[5] > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "versus-objects 0",
        "versus-objects many",
        "versus-objects 1000 -1",
        "versus-objects 1000 3 extra",
    })
    void badArguments_printUsageToStderrAndExitTwo(String arguments) {
        assertUsageError("versus-objects", SampleRun.run(temp, temp, arguments.split(" ")));
    }
}
