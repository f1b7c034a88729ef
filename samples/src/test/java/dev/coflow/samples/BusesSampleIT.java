package dev.coflow.samples;

import static dev.coflow.samples.SampleRun.assertSucceededWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.coflow.samples.SampleRun.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code buses} sample run as a user would, through {@code samples/run} (and once through plain
 * {@code java -Xverify:all -javaagent:...=verify=true -jar}), on {@code buses-allroutes.xml}: stdout
 * is compared with {@code buses*.expected}; the {@code --generate} mode is checked for its shape.
 */
class BusesSampleIT {
    private static final long TIMEOUT_SECONDS = 120;

    private static Path agentJar;
    private static Path samplesJar;
    private static Path runScript;
    private static Path resources;

    @TempDir
    Path temp;

    @BeforeAll
    static void locateJarsAndInputs() throws URISyntaxException {
        String agent = System.getProperty("coflow.agentJar");
        String samples = System.getProperty("coflow.samplesJar");
        assertNotNull(agent, "system property coflow.agentJar (set by failsafe in samples/pom.xml)");
        assertNotNull(samples, "system property coflow.samplesJar (set by failsafe in samples/pom.xml)");
        agentJar = Path.of(agent).toAbsolutePath().normalize();
        samplesJar = Path.of(samples).toAbsolutePath().normalize();
        runScript = samplesJar.getParent().getParent().getParent().resolve("samples/run");
        URL input = BusesSampleIT.class.getResource("/buses-allroutes.xml");
        assertNotNull(input, "buses-allroutes.xml on the test classpath");
        resources = Path.of(input.toURI()).getParent();
        assertTrue(Files.isExecutable(runScript), "samples/run is executable: " + runScript);
    }

    @Test
    void list_hasALineForBuses() {
        Result r = run(resources, runScript.toString());
        assertEquals(0, r.exit(), r::describe);
        List<String> mentions = r.stdout().lines().filter(l -> l.startsWith("  buses FILE --route R --direction D | --generate [N] ")).toList();
        assertEquals(1, mentions.size(), r::describe);
    }

    @Test
    void file_printsTheBusesOfOneRouteAndDirectionInDocumentOrder() {
        Result r = run(resources, runScript.toString(), "buses", "buses-allroutes.xml", "--route", "22", "--direction", "North Bound");
        assertSucceededWith("buses.expected", r);
    }

    @Test
    void file_anotherDirection_printsOnlyThatDirection() {
        Result r = run(resources, runScript.toString(), "buses", "buses-allroutes.xml", "--direction", "South Bound", "--route", "22");
        assertSucceededWith("buses-south.expected", r);
    }

    @Test
    void file_noBusMatches_printsNothing() {
        Result r = run(resources, runScript.toString(), "buses", "buses-allroutes.xml", "--route", "22", "--direction", "north bound");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        assertEquals("", r.stderr(), r::describe);
    }

    @Test
    void file_plainJavaWithTheVerifierOn_printsTheSame() {
        Result r = run(resources, java(), "-Xverify:all", "-javaagent:" + agentJar + "=verify=true", "-jar", samplesJar.toString(),
                "buses", "buses-allroutes.xml", "--route", "22", "--direction", "North Bound");
        assertSucceededWith("buses.expected", r);
    }

    @Test
    void file_malformed_printsTheBusesBeforeTheErrorThenWhereItIsAndExitsOne() throws IOException {
        Path bad = temp.resolve("bad.xml");
        Files.writeString(bad, "<buses>\n<bus><id>1</id><route>9</route><direction>N</direction></bus>\n<bus><id>2</bus>\n</buses>\n");
        Result r = run(temp, runScript.toString(), "buses", "bad.xml", "--route", "9", "--direction", "N");
        assertEquals(1, r.exit(), r::describe);
        assertEquals("9,1,\"N\",,\n", r.stdout(), r::describe);
        assertTrue(r.stderr().startsWith("buses: bad.xml:3:"), r::describe);
        assertEquals(1, r.stderr().lines().count(), r::describe);
        assertFalse(r.stderr().contains("\tat "), r::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "buses",
        "buses buses-allroutes.xml",
        "buses buses-allroutes.xml --route 22",
        "buses buses-allroutes.xml --direction North",
        "buses buses-allroutes.xml --route",
        "buses buses-allroutes.xml --route 22 --direction North --once",
        "buses buses-allroutes.xml other.xml --route 22 --direction North",
        "buses no-such-file.xml --route 22 --direction North",
        "buses buses-allroutes.xml --generate 5",
        "buses --generate many",
        "buses --generate 0",
    })
    void badArguments_printUsageToStderrAndExitTwo(String arguments) {
        List<String> command = new ArrayList<>(List.of(runScript.toString()));
        command.addAll(Arrays.asList(arguments.split(" ")));
        Result r = run(resources, command.toArray(String[]::new));
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(2, lines.size(), r::describe);
        assertTrue(lines.get(0).startsWith("buses: "), r::describe);
        assertEquals("usage: samples/run buses FILE --route R --direction D | --generate [N]", lines.get(1), r::describe);
    }

    private static final Pattern GENERATED = Pattern.compile(
            "generated (\\d+) buses: \\d+\\.\\d (kB|MB) of XML, streamed into the parser as it was generated\n"
            + "route (.+), direction (.+): (\\d+) of the (\\d+) buses\n"
            + "parsed and dispatched in \\d+\\.\\d\\d s: (\\d+) records/s\n"
            + "heap in use after a GC: (\\d+\\.\\d) MB at (\\d+), (\\d+\\.\\d) MB at (\\d+), (\\d+\\.\\d) MB at (\\d+) buses\n");

    @Test
    void generate_printsSizeMatchesSpeedAndHeap() {
        Result r = run(temp, runScript.toString(), "buses", "--generate", "1000");
        Matcher m = generated(r);
        assertEquals("1000", m.group(1));
        assertEquals("kB", m.group(2));
        assertEquals("22", m.group(3));
        assertEquals("North Bound", m.group(4));
        long matched = Long.parseLong(m.group(5));
        // 12 routes and 4 directions, drawn at random: about 1000 / 48 of them.
        assertTrue(matched > 0 && matched < 100, r::describe);
        assertEquals("1000", m.group(6));
        assertTrue(Long.parseLong(m.group(7)) > 0, r::describe);
        assertEquals(List.of("100", "500", "1000"), List.of(m.group(9), m.group(11), m.group(13)));
    }

    @Test
    void generate_otherRouteAndDirection_countsThose() {
        Result r = run(temp, runScript.toString(), "buses", "--generate", "2000", "--route", "36", "--direction", "West Bound");
        Matcher m = generated(r);
        assertEquals("36", m.group(3));
        assertEquals("West Bound", m.group(4));
        long matched = Long.parseLong(m.group(5));
        assertTrue(matched > 0 && matched < 200, r::describe);
        Result none = run(temp, runScript.toString(), "buses", "--generate", "2000", "--route", "36", "--direction", "Up");
        assertEquals("0", generated(none).group(5), none::describe);
    }

    @Test
    void generate_heapStaysFlatWhileTheDocumentGrows() {
        // 300,000 buses are about 65 MB of XML: held in memory, they would show in the heap after a GC.
        Result r = run(temp, runScript.toString(), "buses", "--generate", "300000");
        Matcher m = generated(r);
        assertEquals("MB", m.group(2));
        double first = Double.parseDouble(m.group(8));
        double last = Double.parseDouble(m.group(12));
        assertTrue(last - first < 10, () -> "heap grew from " + first + " MB to " + last + " MB\n" + r.describe());
    }

    private static Matcher generated(Result r) {
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        Matcher m = GENERATED.matcher(r.stdout());
        assertTrue(m.matches(), r::describe);
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command} in {@code directory}, with the test JVM's JDK as JAVA_HOME. */
    private Result run(Path directory, String... command) {
        return SampleRun.exec(temp, directory, TIMEOUT_SECONDS, command);
    }
}
