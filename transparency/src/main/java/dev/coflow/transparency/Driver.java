package dev.coflow.transparency;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.coflow.testkit.RoundTrips;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs in a child JVM (with or without the agent) and writes what happened, one tab-separated line per
 * fact: {@code result LIB ID STATUS}, {@code time LIB MILLIS}, {@code roundtrips LIB N}.
 * Arguments: {@code OUT LIBS SUBSET SEED STEPS}: LIBS is a comma list of lang3, collections4, io, guava,
 * jackson; SUBSET the number of test classes taken (seeded) from each commons test jar, or {@code all};
 * STEPS the number of Jackson workload steps (guava runs every suite at {@code all}, two otherwise).
 * The level comes from {@code -Dcoflow.transparency.level}; the test jars' paths from {@code -Djar.LIB.tests}.
 */
public final class Driver {
    private Driver() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--load-all")) {
            LoadAll.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        RoundTrips.installFromSystemProperty(); // -Dcoflow.roundTrips=N:SEED at level 3 and 4
        Path out = Path.of(args[0]);
        List<String> libs = List.of(args[1].split(","));
        String subset = args[2];
        long seed = Long.parseLong(args[3]);
        int steps = Integer.parseInt(args[4]);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (String lib : libs) {
                long before = CoroutineRunner.roundTrips();
                long start = System.nanoTime();
                Map<String, String> results = switch (lib) {
                    case "guava" -> GuavaSuites.run(subset.equals("all"));
                    case "jackson" -> JacksonWorkload.run(seed, steps);
                    default -> jupiter(testClasses(lib, subset, seed));
                };
                long millis = (System.nanoTime() - start) / 1_000_000;
                List<String> ids = new ArrayList<>(results.keySet());
                Collections.sort(ids);
                for (String id : ids) {
                    w.println("result\t" + lib + "\t" + id.replace('\t', ' ').replace('\n', ' ') + "\t" + results.get(id));
                }
                w.println("time\t" + lib + "\t" + millis);
                w.println("roundtrips\t" + lib + "\t" + (CoroutineRunner.roundTrips() - before));
                w.flush();
            }
            w.println("entries\t" + (entriesOn() ? "on" : "off"));
        }
        System.exit(0); // test suites may leave non-daemon threads behind
    }

    /**
     * Whether the virtual entries were still on at the end (coflow's runtime, which the agent jar carries, read by
     * reflection: {@code Bootstrap.entriesValid}); no runtime loaded (the baseline) counts as on.
     */
    static boolean entriesOn() throws ReflectiveOperationException {
        Class<?> bootstrap;
        try {
            bootstrap = Class.forName("dev.coflow.runtime.Bootstrap");
        } catch (ClassNotFoundException e) {
            return true;
        }
        java.lang.reflect.Field valid = bootstrap.getDeclaredField("entriesValid");
        valid.setAccessible(true);
        return !((java.lang.invoke.SwitchPoint) valid.get(null)).hasBeenInvalidated();
    }

    /** The test classes of a commons test jar: every top-level {@code *Test} class, or a seeded subset of them. */
    static List<String> testClasses(String lib, String subset, long seed) throws IOException {
        String jar = System.getProperty("jar." + lib + ".tests");
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            for (JarEntry e : Collections.list(file.entries())) {
                String n = e.getName();
                if (n.endsWith("Test.class") && !n.contains("$") && !n.contains("Abstract")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        Collections.sort(names);
        if (subset.equals("all")) {
            return names;
        }
        Collections.shuffle(names, new Random(seed));
        List<String> taken = new ArrayList<>(names.subList(0, Math.min(Integer.parseInt(subset), names.size())));
        Collections.sort(taken);
        return taken;
    }

    /** Runs the classes with the JUnit Platform Launcher; every test and failed container, by unique id. */
    static Map<String, String> jupiter(List<String> classes) {
        List<ClassSelector> selectors = new ArrayList<>();
        classes.forEach(c -> selectors.add(selectClass(c)));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        Map<String, String> results = new ConcurrentHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    String status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "PASS"
                            : result.getStatus() == TestExecutionResult.Status.ABORTED ? "ABORTED" : "FAIL";
                    String why = result.getThrowable().map(t -> " " + t.getClass().getName() + ": " + firstLine(t.getMessage())).orElse("");
                    results.put(id.getUniqueId(), status + (status.equals("FAIL") ? why : ""));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                results.put(id.getUniqueId(), "SKIPPED");
            }
        });
        return results;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** For {@link RoundTrips}: each test gets its own sequence, whatever ran before it. */
    static void reseed(String id) {
        RoundTrips.reseed(id.hashCode());
    }
}
