package dev.coflow.samples;

import static dev.coflow.samples.SampleRun.assertSucceededWith;
import static dev.coflow.samples.SampleRun.assertUsageError;
import static dev.coflow.samples.SampleRun.awaitStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.samples.SampleRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@code samples/run broadcast ...} on {@code broadcast-access.log} and on files that grow while it follows them. */
class BroadcastSampleIT {
    private static final List<String> PATTERNS = List.of("python", "ply", "swig");

    @TempDir
    Path temp;

    @Test
    void once_printsEachLineOncePerMatchingPatternInPatternOrder() {
        Result r = SampleRun.run(temp, SampleRun.resources(),
                "broadcast", "broadcast-access.log", "--once", "python", "ply", "swig");
        assertSucceededWith("broadcast.expected", r);
    }

    @Test
    void once_printsWhatASubstringTestPerPatternGives() throws Exception {
        // A second oracle besides broadcast.expected: for each line, each pattern in order, the line if it contains the pattern.
        List<String> lines = Files.readAllLines(SampleRun.resources().resolve("broadcast-access.log"), StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        for (String line : lines) {
            for (String pattern : PATTERNS) {
                if (line.contains(pattern)) {
                    expected.append(line).append('\n');
                }
            }
        }
        Result r = SampleRun.run(temp, SampleRun.resources(),
                "broadcast", "--once", "broadcast-access.log", "python", "ply", "swig");
        assertEquals(0, r.exit(), r::describe);
        assertEquals(expected.toString(), r.stdout(), r::describe);
        assertTrue(r.stdout().lines().distinct().count() < r.stdout().lines().count(), "some line matches several patterns");
    }

    @Test
    void diamond_joinsTheBranchesInOneNumberingPrinterThatIsClosedOnce() {
        Result r = SampleRun.run(temp, SampleRun.resources(),
                "broadcast", "broadcast-access.log", "--once", "--diamond", "python", "ply", "swig");
        assertSucceededWith("broadcast-diamond.expected", r);
    }

    @Test
    void verified_bothShapesRunTheSameUnderTheVerifiers() {
        assertSucceededWith("broadcast.expected", SampleRun.runVerified(temp, SampleRun.resources(),
                "broadcast", "broadcast-access.log", "--once", "python", "ply", "swig"));
        assertSucceededWith("broadcast-diamond.expected", SampleRun.runVerified(temp, SampleRun.resources(),
                "broadcast", "broadcast-access.log", "--once", "--diamond", "python", "ply", "swig"));
    }

    @Test
    void doubleDash_endsTheOptions_soAPatternMayStartWithDashes() throws Exception {
        Files.writeString(temp.resolve("dashes.txt"), "run it --once\nrun it twice\n--diamond\n", StandardCharsets.UTF_8);
        Result r = SampleRun.run(temp, temp, "broadcast", "dashes.txt", "--once", "--", "--once", "twice");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("run it --once\nrun it twice\n", r.stdout(), r::describe);
    }

    @Test
    void withoutOnce_followsLinesAppendedLater() throws Exception {
        Path log = temp.resolve("growing.log");
        Files.writeString(log, "GET /python/first\nGET /ply/first\n");
        Path stdout = temp.resolve("follow.out");
        Path stderr = temp.resolve("follow.err");
        Process process = SampleRun.start(temp, stdout, stderr, "broadcast", "growing.log", "python", "ply");
        try {
            awaitStdout(process, stdout, "GET /python/first\nGET /ply/first\n");
            Files.writeString(log, "GET /swig/second\nGET /python/ply/second\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            awaitStdout(process, stdout, "GET /python/first\nGET /ply/first\nGET /python/ply/second\nGET /python/ply/second\n");
            assertTrue(process.isAlive(), "still following the file");
        } finally {
            process.destroy();
            process.waitFor(SampleRun.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals("", Files.readString(stderr));
    }

    @Test
    void list_showsBroadcastWithItsArguments() {
        Result r = SampleRun.run(temp, temp);
        assertEquals(0, r.exit(), r::describe);
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("  broadcast FILE [--once] [--diamond] P1 [P2 ...]  ")), r::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "broadcast",
        "broadcast broadcast-access.log",
        "broadcast broadcast-access.log --once",
        "broadcast broadcast-access.log --once --follow python",
        "broadcast no-such-file.log --once python",
    })
    void badArguments_printUsageToStderrAndExitTwo(String arguments) {
        Result r = SampleRun.run(temp, SampleRun.resources(), arguments.split(" "));
        assertUsageError("broadcast", r);
    }
}
